package com.tally.platform;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may call what, for every service. Routes are wrapped where they are declared, so the
 * declaration says who may call each one: {@code routes.post("/orders", access.shop(orders::place))},
 * {@code routes.get("/ledger/balances", access.operator(this::balances))}. A request is let
 * through with {@code Authorization: Bearer <token>}, or {@code Basic} with the token as the
 * password (what a browser sends after its login prompt), when the token is one of the list of
 * its kind; otherwise it is answered 401 with a challenge for each scheme.
 */
public final class Access {

    public static final String SHOP_TOKENS = "TALLY_SHOP_TOKENS";
    public static final String OPERATOR_TOKENS = "TALLY_OPERATOR_TOKENS";
    public static final String METRICS_PROTECTED = "TALLY_METRICS_PROTECTED";

    /**
     * Offers both schemes, so a browser opens its login prompt and a script knows Bearer works: one
     * {@code WWW-Authenticate} header each, since browsers read only the first challenge of a header
     * and, finding Bearer there, would never answer with the Basic credentials they hold.
     */
    public static final List<String> CHALLENGES = List.of("Bearer realm=\"tally\"", "Basic realm=\"tally\"");

    /** The callers a service serves; each one it serves must have its tokens configured. */
    public enum Caller { SHOP, OPERATOR }

    private final TokenSet shop;
    private final TokenSet operator;
    private final boolean metricsProtected;

    private Access(TokenSet shop, TokenSet operator, boolean metricsProtected) {
        this.shop = shop;
        this.operator = operator;
        this.metricsProtected = metricsProtected;
    }

    /**
     * Reads the token lists and {@code TALLY_METRICS_PROTECTED}, recording every problem on
     * {@code env}: a list missing for a caller the service serves (a protected {@code /metrics}
     * serves operators), a token too short, a token in both lists.
     */
    public static Access fromEnv(Env env, Caller... served) {
        Set<Caller> callers = served.length == 0 ? EnumSet.noneOf(Caller.class) : EnumSet.of(served[0], served);
        var shop = TokenSet.fromEnv(env, "shop", SHOP_TOKENS);
        var operator = TokenSet.fromEnv(env, "operator", OPERATOR_TOKENS);
        boolean metricsProtected = flag(env, METRICS_PROTECTED);
        if (metricsProtected) {
            callers.add(Caller.OPERATOR);
        }
        if (callers.contains(Caller.SHOP) && shop.isEmpty()) {
            env.problem(SHOP_TOKENS + " is not set: the token(s) a shop sends with POST /orders (Authorization: Bearer <token>),"
                    + " comma-separated during a rotation; make one with `openssl rand -hex 24`");
        }
        if (callers.contains(Caller.OPERATOR) && operator.isEmpty()) {
            env.problem(OPERATOR_TOKENS + " is not set: the token(s) an operator sends to query orders and the ledger"
                    + (metricsProtected ? " and to read /metrics (" + METRICS_PROTECTED + "=true)" : "")
                    + " (Authorization: Bearer <token>), comma-separated during a rotation; make one with `openssl rand -hex 24`");
        }
        if (shop.overlaps(operator)) {
            env.problem("a token is in both " + SHOP_TOKENS + " and " + OPERATOR_TOKENS + ": a shop could read every order;"
                    + " give operators their own token");
        }
        return new Access(shop, operator, metricsProtected);
    }

    private static boolean flag(Env env, String name) {
        String value = env.text(name, "false").toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            env.problem(name + "=" + value + " is neither true nor false");
        }
        return value.equals("true");
    }

    /** {@code handler}, for callers presenting a shop token. */
    public Handler shop(Handler handler) {
        return guarded(shop, handler);
    }

    /** {@code handler}, for callers presenting an operator token. */
    public Handler operator(Handler handler) {
        return guarded(operator, handler);
    }

    /** The {@code Authorization} header's value a client sends to present {@code token}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Whether {@code /metrics} needs an operator token; open by default, since a scraper on a trusted network usually has none. */
    public boolean metricsProtected() {
        return metricsProtected;
    }

    private static Handler guarded(TokenSet accepted, Handler handler) {
        return ctx -> {
            TokenSet.Verdict verdict = accepted.check(ctx.header("Authorization"));
            if (verdict == TokenSet.Verdict.ACCEPTED) {
                handler.handle(ctx);
            } else {
                refuse(ctx, accepted, verdict);
            }
        };
    }

    private static void refuse(Context ctx, TokenSet accepted, TokenSet.Verdict verdict) {
        String needed = (accepted.kind().equals("operator") ? "an " : "a ") + accepted.kind() + " token";
        String error = switch (verdict) {
            case MISSING -> ctx.method() + " " + ctx.path() + " needs " + needed + ": send Authorization: Bearer <token>"
                    + " (or Basic with the token as the password)";
            case MALFORMED -> "the Authorization header is neither Bearer <token> nor Basic base64(user:token)";
            default -> "the token sent is not " + needed + " this instance accepts: check it, or whether a rotation revoked it";
        };
        var body = new LinkedHashMap<String, Object>();
        body.put("error", error);
        body.put("needs", accepted.kind() + " token");
        body.put("configuredIn", accepted.variable());
        ctx.status(HttpStatus.UNAUTHORIZED);
        CHALLENGES.forEach(challenge -> ctx.res().addHeader("WWW-Authenticate", challenge));
        ctx.json(body);
    }

    /** Counts only, never a token. */
    @Override
    public String toString() {
        return "Access[" + shop + ", " + operator + ", metrics " + (metricsProtected ? "protected" : "open") + "]";
    }
}
