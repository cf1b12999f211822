package com.tally.order;

import com.tally.platform.Env;
import java.util.Arrays;
import java.util.Locale;

/**
 * What order-stream, the one owner of compensation, does when an order paid for cannot be
 * fulfilled, per cause: the warehouse rejected it, or the saga gave up asking. {@code refund}
 * requests one refund per charge and raises one alert; {@code hold} keeps the order as it is and
 * raises one alert for a person to decide.
 */
public record Compensation(Policy onRejection, Policy onGiveUp) {

    public static final String ON_REJECTION = "TALLY_COMPENSATION_ON_REJECTION";
    public static final String ON_GIVE_UP = "TALLY_COMPENSATION_ON_GIVE_UP";

    /**
     * A rejection is the warehouse's final word (the goods will not come): the money goes back. A
     * give-up says only that nobody answered: the goods may still come, so a person decides.
     */
    public static final Compensation DEFAULTS = new Compensation(Policy.REFUND, Policy.HOLD);

    public enum Policy {
        REFUND, HOLD;

        String variableValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Compensation fromEnv(Env env) {
        return new Compensation(policy(env, ON_REJECTION, DEFAULTS.onRejection()), policy(env, ON_GIVE_UP, DEFAULTS.onGiveUp()));
    }

    private static Policy policy(Env env, String variable, Policy fallback) {
        String value = env.text(variable, fallback.variableValue());
        return Arrays.stream(Policy.values()).filter(p -> p.variableValue().equals(value.toLowerCase(Locale.ROOT))).findFirst()
                .orElseGet(() -> {
                    env.problem(variable + "=" + value + " is not a policy: use refund (one refund per charge, one alert) or hold"
                            + " (the order stays, one alert for a person)");
                    return fallback;
                });
    }
}
