package com.tally.fulfillment;

import com.tally.platform.dispatch.Backoff;
import java.time.Duration;

/**
 * The saga's retry policy: how long an attempt may go unanswered, how long to wait before the
 * next one, and how many there are. The waits are a {@link Backoff}'s: doubling from
 * {@code backoffBase} up to {@code backoffMax}, the second half of each jitter derived from the
 * request ID and the attempt, so orders that failed together do not retry together, and a replay
 * of the same saga waits exactly as long as the first run did.
 */
public record RetryPolicy(Duration ackTimeout, Duration backoffBase, Duration backoffMax, int maxAttempts) {

    /** How long to wait after attempt {@code failedAttempt} failed before sending the next one. */
    public Duration backoffAfter(String requestId, int failedAttempt) {
        return backoff().after(requestId, failedAttempt);
    }

    /** The waits and the attempts, without the acknowledgement timeout. */
    public Backoff backoff() {
        return new Backoff(backoffBase, backoffMax, maxAttempts);
    }
}
