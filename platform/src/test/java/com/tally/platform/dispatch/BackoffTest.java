package com.tally.platform.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 8);

    @Test
    void theWaitDoublesFromTheBaseUpToTheMaximumWithItsSecondHalfJittered() {
        long[] ceilings = {1, 2, 4, 8, 16, 32, 60, 60};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            Duration wait = backoff.after("ntf_x", attempt);
            long ceiling = ceilings[attempt - 1] * 1000;
            assertEquals(Duration.ofMillis(ceiling), backoff.longestAfter(attempt));
            assertTrue(wait.toMillis() >= ceiling / 2 && wait.toMillis() <= ceiling, "attempt " + attempt + ": " + wait);
        }
    }

    @Test
    void theSameKeyAndAttemptAlwaysWaitTheSame() {
        assertEquals(backoff.after("ntf_x", 3), backoff.after("ntf_x", 3));
        assertEquals(Backoff.jitter("ntf_x", 3), Backoff.jitter("ntf_x", 3));
    }

    @Test
    void requestsThatFailedTogetherDoNotRetryTogether() {
        var waits = new HashSet<Duration>();
        for (int i = 0; i < 100; i++) {
            waits.add(backoff.after("ntf_" + i, 6));
        }
        assertTrue(waits.size() > 90, "distinct waits: " + waits.size());
        assertNotEquals(backoff.after("ntf_a", 2), backoff.after("ntf_b", 2));
    }

    @Test
    void jitterStaysInsideTheUnitInterval() {
        for (int i = 0; i < 1000; i++) {
            double jitter = Backoff.jitter("ntf_" + i, i % 8 + 1);
            assertTrue(jitter >= 0 && jitter < 1, String.valueOf(jitter));
        }
    }

    @Test
    void theBudgetIsEveryAttemptAtItsLongestWithTheLongestWaitBetween() {
        // 8 calls of 10 s and waits of 1+2+4+8+16+32+60 s
        assertEquals(Duration.ofSeconds(80 + 123), backoff.budget(Duration.ofSeconds(10)));
        assertEquals(Duration.ofSeconds(10), new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 1).budget(Duration.ofSeconds(10)));
    }
}
