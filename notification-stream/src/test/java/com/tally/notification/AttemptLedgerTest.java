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

    @Test
    void anAttemptWithNoOutcomeMakesTheNextSendAnInDoubtResendNumberedAfterIt() {
        var ledger = new AttemptLedger();

        ledger.apply(result("ntf_a", NotificationOutcome.ATTEMPTED, 1, false));
        ledger.apply(result("ntf_a", NotificationOutcome.ATTEMPTED, 2, false));

        assertTrue(ledger.nextIsInDoubt("ntf_a"));
        assertEquals(3, ledger.nextAttempt("ntf_a"));
        assertEquals(0, ledger.inDoubtResends());
    }

    @Test
    void anOutcomeEndsTheNotificationsAttempts() {
        var ledger = new AttemptLedger();

        ledger.apply(result("ntf_a", NotificationOutcome.ATTEMPTED, 1, false));
        ledger.apply(result("ntf_a", NotificationOutcome.SENT, 1, false));
        ledger.apply(result("ntf_b", NotificationOutcome.ATTEMPTED, 1, false));
        ledger.apply(result("ntf_b", NotificationOutcome.FAILED, 1, false));

        assertNull(ledger.pending("ntf_a"));
        assertNull(ledger.pending("ntf_b"));
        assertFalse(ledger.nextIsInDoubt("ntf_a"));
        assertEquals(1, ledger.nextAttempt("ntf_c"));
    }

    @Test
    void theInDoubtResendsAreCountedFromTheRecordsAndThenFromOwnSends() {
        var ledger = new AttemptLedger();
        ledger.apply(result("ntf_a", NotificationOutcome.ATTEMPTED, 1, false));
        ledger.apply(result("ntf_a", NotificationOutcome.ATTEMPTED, 2, true));
        ledger.apply(result("ntf_a", NotificationOutcome.SENT, 2, false));

        ledger.attempted("ntf_b", 1, false);
        ledger.answered("ntf_b", 1, false);
        ledger.attempted("ntf_b", 2, false);
        ledger.answered("ntf_b", 2, true);
        ledger.attempted("ntf_b", 3, true);

        assertEquals(2, ledger.inDoubtResends());
    }

    @Test
    void aSendWithNoReplyMakesEveryLaterSendInDoubtAndAKnownFailureDoesNot() {
        var ledger = new AttemptLedger();

        ledger.attempted("ntf_a", 1, false);
        assertTrue(ledger.nextIsInDoubt("ntf_a"), "a send under way may deliver");
        ledger.answered("ntf_a", 1, false);
        assertFalse(ledger.nextIsInDoubt("ntf_a"), "a 4xx reply took nothing");
        ledger.attempted("ntf_a", 2, false);
        ledger.answered("ntf_a", 2, true);
        assertTrue(ledger.nextIsInDoubt("ntf_a"));
        assertEquals(3, ledger.nextAttempt("ntf_a"));
    }
}
