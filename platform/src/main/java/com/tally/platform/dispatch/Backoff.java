package com.tally.platform.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait between attempts, and how many there are. The wait doubles from {@code base} up
 * to {@code max}, and its second half is jitter derived from the request's key and the attempt
 * ("equal jitter"): requests that failed together do not retry together, and a repeat of the same
 * request waits exactly as long as the first run did.
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
    }

    /** How long to wait after attempt {@code failedAttempt} failed before making the next one. */
    public Duration after(String key, int failedAttempt) {
        long wait = longestAfter(failedAttempt).toMillis();
        long half = wait / 2;
        return Duration.ofMillis(wait - half + (long) (half * jitter(key, failedAttempt)));
    }

    /** The wait with the most jitter: {@link #after} never waits longer. */
    public Duration longestAfter(int failedAttempt) {
        long ceiling = max.toMillis();
        long doubled = base.toMillis();
        for (int i = 1; i < failedAttempt && doubled < ceiling; i++) {
            doubled *= 2;
        }
        return Duration.ofMillis(Math.min(doubled, ceiling));
    }

    /**
     * The longest a whole chain of attempts can take: every attempt running to {@code longestAttempt},
     * with the longest wait between each.
     */
    public Duration budget(Duration longestAttempt) {
        Duration total = longestAttempt.multipliedBy(maxAttempts);
        for (int attempt = 1; attempt < maxAttempts; attempt++) {
            total = total.plus(longestAfter(attempt));
        }
        return total;
    }

    /** A number in [0, 1) that depends on nothing but the key and the attempt. */
    static double jitter(String key, int attempt) {
        byte[] digest = sha256(key + "#" + attempt);
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (digest[i] & 0xFF);
        }
        return (double) bits / (1L << 56);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
