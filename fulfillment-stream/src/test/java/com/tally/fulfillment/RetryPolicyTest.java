package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.dispatch.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The waits themselves are {@link Backoff}'s (BackoffTest in platform); here, that the saga's policy waits by them. */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(30), 8);

    @Test
    void theSagaWaitsTheBackoffOfItsBaseMaximumAndAttempts() {
        assertEquals(new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30), 8), policy.backoff());
        long[] ceilings = {30, 60, 120, 240, 480, 960, 1800, 1800, 1800};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            Duration wait = policy.backoffAfter("ful_x", attempt);
            assertEquals(policy.backoff().after("ful_x", attempt), wait);
            long ceiling = ceilings[attempt - 1] * 1000;
            assertTrue(wait.toMillis() >= ceiling / 2 && wait.toMillis() <= ceiling, "attempt " + attempt + ": " + wait);
        }
    }
}
