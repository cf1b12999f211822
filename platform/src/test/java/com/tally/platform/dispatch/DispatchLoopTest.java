package com.tally.platform.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The loop's rules that need no broker; the loop itself runs against one in {@link DispatchLoopIT}. */
class DispatchLoopTest {

    @Test
    void theWaitAfterAFailureDoublesFromATenthOfASecondUpToTenSeconds() {
        assertEquals(Duration.ofMillis(100), DispatchLoop.backoff(1));
        assertEquals(Duration.ofMillis(200), DispatchLoop.backoff(2));
        assertEquals(Duration.ofMillis(6_400), DispatchLoop.backoff(7));
        assertEquals(Duration.ofSeconds(10), DispatchLoop.backoff(8));
        assertEquals(Duration.ofSeconds(10), DispatchLoop.backoff(1_000));
    }

    @Test
    void errorsThatNewClientsWouldMeetAgainStopTheLoopWhereverTheyAreInTheCauses() {
        assertTrue(DispatchLoop.cannotBeRetried(new SaslAuthenticationException("bad password")));
        assertTrue(DispatchLoop.cannotBeRetried(new TopicAuthorizationException("no ACL")));
        assertTrue(DispatchLoop.cannotBeRetried(new KafkaException("Failed to construct kafka consumer", new ConfigException("bad"))));
        assertTrue(DispatchLoop.cannotBeRetried(new FencedInstanceIdException("taken")));
    }

    @Test
    void fencingAndTimeoutsAreRecoveredFrom() {
        assertFalse(DispatchLoop.cannotBeRetried(new ProducerFencedException("another producer has this ID")));
        assertFalse(DispatchLoop.cannotBeRetried(new TimeoutException("no answer")));
        assertFalse(DispatchLoop.cannotBeRetried(new DispatchLoop.CallDeadlineExceeded(3, Duration.ofSeconds(1))));
    }
}
