package com.tally.fulfillment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * The saga's retry policy: how long an attempt may go unanswered, how long to wait before the
 * next one, and how many there are. The wait doubles from {@code backoffBase} up to
 * {@code backoffMax}, and its second half is jitter derived from the request ID and the attempt
 * ("equal jitter"): orders that failed together do not retry together, and a replay of the same
 * saga waits exactly as long as the first run did.
 */
public record RetryPolicy(Duration ackTimeout, Duration backoffBase, Duration backoffMax, int maxAttempts) {

    /** How long to wait after attempt {@code failedAttempt} failed before sending the next one. */
    public Duration backoffAfter(String requestId, int failedAttempt) {
        long ceiling = backoffMax.toMillis();
        long doubled = backoffBase.toMillis();
        for (int i = 1; i < failedAttempt && doubled < ceiling; i++) {
            doubled *= 2;
        }
        long wait = Math.min(doubled, ceiling);
        long half = wait / 2;
        return Duration.ofMillis(wait - half + (long) (half * jitter(requestId, failedAttempt)));
    }

    /** A number in [0, 1) that depends on nothing but the request ID and the attempt. */
    static double jitter(String requestId, int attempt) {
        byte[] digest = sha256(requestId + "#" + attempt);
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
