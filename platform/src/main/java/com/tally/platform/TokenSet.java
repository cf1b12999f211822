package com.tally.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tokens one kind of caller may present (a shop's, or an operator's), kept only as SHA-256
 * digests. A list rather than one token so that a token rotates without downtime: add the new one,
 * move the callers over, remove the old one, restarting instances one by one in between.
 */
public final class TokenSet {

    /** Shorter than this is guessable by trying; 24 random bytes in hex ({@code openssl rand -hex 24}) is 48 characters. */
    public static final int MIN_LENGTH = 16;

    /** What a request's {@code Authorization} header amounts to against this set. */
    public enum Verdict {
        ACCEPTED,
        /** No {@code Authorization} header, or an empty one. */
        MISSING,
        /** Neither {@code Bearer <token>} nor {@code Basic base64(user:token)}. */
        MALFORMED,
        /** A well-formed credential whose token is not in the set. */
        NOT_ACCEPTED
    }

    private final String kind;
    private final String variable;
    private final List<byte[]> digests;

    private TokenSet(String kind, String variable, List<byte[]> digests) {
        this.kind = kind;
        this.variable = variable;
        this.digests = digests;
    }

    /**
     * The tokens listed in {@code variable} (comma-separated, trimmed). Every token that is too
     * short is recorded as a problem on {@code env}, named by its position and length, never by
     * its value, since the message ends up in logs.
     */
    static TokenSet fromEnv(Env env, String kind, String variable) {
        List<String> tokens = env.list(variable);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).length() < MIN_LENGTH) {
                env.problem(variable + ": token " + (i + 1) + " of " + tokens.size() + " has " + tokens.get(i).length()
                        + " characters, fewer than " + MIN_LENGTH + ": make one with `openssl rand -hex 24`");
            }
        }
        return of(kind, variable, tokens);
    }

    static TokenSet of(String kind, String variable, List<String> tokens) {
        return new TokenSet(kind, variable, tokens.stream().map(TokenSet::digest).toList());
    }

    /** "shop" or "operator": what the 401 says is needed. */
    public String kind() {
        return kind;
    }

    /** The variable the tokens are configured in, which the 401 names. */
    public String variable() {
        return variable;
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public int size() {
        return digests.size();
    }

    /** True when any token of this set is also in {@code other}. */
    boolean overlaps(TokenSet other) {
        return digests.stream().anyMatch(mine -> other.digests.stream().anyMatch(theirs -> MessageDigest.isEqual(mine, theirs)));
    }

    /** Judges the value of an {@code Authorization} header (null when there was none). */
    public Verdict check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Verdict.MISSING;
        }
        Optional<String> token = presentedToken(authorization);
        if (token.isEmpty()) {
            return Verdict.MALFORMED;
        }
        return accepts(token.get()) ? Verdict.ACCEPTED : Verdict.NOT_ACCEPTED;
    }

    /**
     * Compares digests, not the tokens: equal-length inputs make {@code isEqual} take the same
     * time however much of a guess is right, and the length of a guess says nothing about the
     * token's. Every token of the set is compared, so the time does not tell which one matched.
     */
    private boolean accepts(String token) {
        byte[] presented = digest(token);
        boolean match = false;
        for (byte[] accepted : digests) {
            match |= MessageDigest.isEqual(presented, accepted);
        }
        return match;
    }

    /**
     * The token in {@code Bearer <token>} or in {@code Basic base64(anything:token)}, the form a
     * browser sends after its login prompt (any user name, the token as the password). The
     * scheme's name is case-insensitive (RFC 9110).
     */
    static Optional<String> presentedToken(String authorization) {
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = value.substring(space + 1).trim();
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        if (scheme.equals("bearer")) {
            return Optional.of(credentials);
        }
        if (scheme.equals("basic")) {
            String userAndPassword;
            try {
                userAndPassword = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
            int colon = userAndPassword.indexOf(':');
            return colon < 0 || colon == userAndPassword.length() - 1 ? Optional.empty() : Optional.of(userAndPassword.substring(colon + 1));
        }
        return Optional.empty();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Counts only: a token never appears in a log, not even through a config's toString. */
    @Override
    public String toString() {
        return digests.size() + " " + kind + " token(s) from " + variable;
    }
}
