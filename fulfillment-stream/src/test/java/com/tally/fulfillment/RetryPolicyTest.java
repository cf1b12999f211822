package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(30), 8);

    @Test
    void theWaitDoublesFromTheBaseUpToTheMaximumWithItsSecondHalfJittered() {
        long[] ceilings = {30, 60, 120, 240, 480, 960, 1800, 1800, 1800};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            Duration wait = policy.backoffAfter("ful_x", attempt);
            long ceiling = ceilings[attempt - 1] * 1000;
            assertTrue(wait.toMillis() >= ceiling / 2 && wait.toMillis() <= ceiling, "attempt " + attempt + ": " + wait);
        }
    }

    @Test
    void theSameRequestAndAttemptAlwaysWaitTheSame() {
        assertEquals(policy.backoffAfter("ful_x", 3), policy.backoffAfter("ful_x", 3));
        assertEquals(RetryPolicy.jitter("ful_x", 3), RetryPolicy.jitter("ful_x", 3));
    }

    @Test
    void requestsThatFailedTogetherDoNotRetryTogether() {
        var waits = new HashSet<Duration>();
        for (int i = 0; i < 100; i++) {
            waits.add(policy.backoffAfter("ful_" + i, 1));
        }
        assertTrue(waits.size() > 90, "distinct waits: " + waits.size());
        assertNotEquals(policy.backoffAfter("ful_a", 2), policy.backoffAfter("ful_b", 2));
    }

    @Test
    void jitterStaysInsideTheUnitInterval() {
        for (int i = 0; i < 1000; i++) {
            double jitter = RetryPolicy.jitter("ful_" + i, i % 8 + 1);
            assertTrue(jitter >= 0 && jitter < 1, String.valueOf(jitter));
        }
    }
}
