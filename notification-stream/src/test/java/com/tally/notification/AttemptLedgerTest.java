package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptLedgerTest {

    private static NotificationResult result(String notificationId, NotificationOutcome outcome, int attempt, boolean inDoubtResend) {
        return NotificationResult.newBuilder().setEventId("evt-" + attempt).setCauseEventId("req").setNotificationId(notificationId)
                .setOrderId("o-1").setOutcome(outcome).setDetail(null).setAt(Instant.parse("2026-01-01T00:00:00Z")).setAttempt(attempt)
                .setMessageId(MessageIds.of(notificationId)).setInDoubtResend(inDoubtResend).build();
    }

    private static AttemptLedger owning(int... partitions) {
        var ledger = new AttemptLedger();
        for (int partition : partitions) {
            ledger.own(partition);
        }
        return ledger;
    }

    @Test
    void anAttemptWithNoOutcomeMakesTheNextSendAnInDoubtResendNumberedAfterIt() {
        var ledger = owning(0);

        ledger.apply(0, result("ntf_a", NotificationOutcome.ATTEMPTED, 1, false));
        ledger.apply(0, result("ntf_a", NotificationOutcome.ATTEMPTED, 2, false));

        assertTrue(ledger.nextIsInDoubt("ntf_a"));
        assertEquals(3, ledger.nextAttempt("ntf_a"));
        assertEquals(0, ledger.inDoubtResends());
    }

    @Test
    void anOutcomeEndsTheNotificationsAttempts() {
        var ledger = owning(0);

        ledger.apply(0, result("ntf_a", NotificationOutcome.ATTEMPTED, 1, false));
        ledger.apply(0, result("ntf_a", NotificationOutcome.SENT, 1, false));
        ledger.apply(0, result("ntf_b", NotificationOutcome.ATTEMPTED, 1, false));
        ledger.apply(0, result("ntf_b", NotificationOutcome.FAILED, 1, false));

        assertNull(ledger.pending("ntf_a"));
        assertNull(ledger.pending("ntf_b"));
        assertFalse(ledger.nextIsInDoubt("ntf_a"));
        assertEquals(1, ledger.nextAttempt("ntf_c"));
    }

    @Test
    void theInDoubtResendsAreCountedFromTheRecordsAndThenFromOwnSends() {
        var ledger = owning(0, 1);
        ledger.apply(0, result("ntf_a", NotificationOutcome.ATTEMPTED, 1, false));
        ledger.apply(0, result("ntf_a", NotificationOutcome.ATTEMPTED, 2, true));
        ledger.apply(0, result("ntf_a", NotificationOutcome.SENT, 2, false));

        ledger.attempted("ntf_b", 1, 1, false);
        ledger.answered("ntf_b", 1, false);
        ledger.attempted("ntf_b", 1, 2, false);
        ledger.answered("ntf_b", 2, true);
        ledger.attempted("ntf_b", 1, 3, true);

        assertEquals(2, ledger.inDoubtResends());
    }

    @Test
    void onlyASendWithNoReplyMakesTheNextInDoubtAndAKnownFailureAfterItEndsTheDoubt() {
        var ledger = owning(0);

        ledger.attempted("ntf_a", 0, 1, false);
        assertTrue(ledger.nextIsInDoubt("ntf_a"), "a send under way may deliver");
        ledger.answered("ntf_a", 1, false);
        assertFalse(ledger.nextIsInDoubt("ntf_a"), "a 4xx reply took nothing");
        ledger.attempted("ntf_a", 0, 2, false);
        ledger.answered("ntf_a", 2, true);
        assertTrue(ledger.nextIsInDoubt("ntf_a"), "no reply to the data: the server may have it");
        ledger.attempted("ntf_a", 0, 3, true);
        ledger.answered("ntf_a", 3, false);
        assertFalse(ledger.nextIsInDoubt("ntf_a"), "the copy attempt 2 may have delivered is counted by attempt 3 already");
        assertEquals(4, ledger.nextAttempt("ntf_a"));
        assertEquals(1, ledger.inDoubtResends());
    }

    @Test
    void aPartitionTakenAwayTakesItsNotificationsAndItsCountWithIt() {
        var ledger = owning(0, 1);
        ledger.apply(0, result("ntf_a", NotificationOutcome.ATTEMPTED, 1, true));
        ledger.apply(1, result("ntf_b", NotificationOutcome.ATTEMPTED, 2, true));

        ledger.forget(1);

        assertEquals(1, ledger.inDoubtResends(), "the other owner counts partition 1's resend");
        assertNull(ledger.pending("ntf_b"));
        assertTrue(ledger.nextIsInDoubt("ntf_a"));
    }

    @Test
    void aCommittedOutcomeForgetsTheNotification() {
        var ledger = owning(0);
        ledger.attempted("ntf_a", 0, 1, false);
        ledger.answered("ntf_a", 1, true);

        ledger.committed("ntf_a");

        assertNull(ledger.pending("ntf_a"));
        assertEquals(1, ledger.nextAttempt("ntf_a"));
    }
}
