package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.tally.fulfillment.RefundAnswer.Kind;
import com.tally.platform.dispatch.RetryInPlace;
import com.tally.schemas.EventIds;
import com.tally.schemas.RefundOutcome;
import com.tally.schemas.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefundDispatcherTest {

    private static final Instant AT = Instant.parse("2026-12-02T20:00:00Z");

    @Test
    void aRequestedRefundCarriesStripesIdAndNeedsNoAlert() {
        var request = RefundRequests.request("o-1", "stripe");
        var result = RefundDispatcher.result(request, new RetryInPlace.Attempted<>(new RefundAnswer(Kind.REQUESTED, null, "re_1"), 2), AT);
        assertEquals(EventIds.derived("evt-refund-o-1", "refund-result"), result.getEventId());
        assertEquals("evt-refund-o-1", result.getCauseEventId());
        assertEquals("o-1", result.getOrderId());
        assertEquals("refund-pi_o-1", result.getRefundRequestId());
        assertEquals("pi_o-1", result.getTransactionId());
        assertEquals("stripe", result.getProvider());
        assertEquals(RefundOutcome.REQUESTED, result.getOutcome());
        assertEquals("re_1", result.getProcessorRefundId());
        assertEquals(2, result.getAttempts());
        assertNull(result.getReason());
        assertEquals(AT, result.getAt());
        assertNull(RefundDispatcher.alert(result));
        assertNull(RefundDispatcher.withoutCall(request, AT));
        assertNull(RefundDispatcher.withoutCall(RefundRequests.request("o-1", "Stripe"), AT));
    }

    @Test
    void aRefusalIsRefusedWithOneCriticalAlertOnTheOrder() {
        var result = RefundDispatcher.result(RefundRequests.request("o-2", "stripe"),
                new RetryInPlace.Attempted<>(new RefundAnswer(Kind.REFUSED, "the processor refused the refund with 402: no", null), 1), AT);
        assertEquals(RefundOutcome.REFUSED, result.getOutcome());
        assertEquals("the processor refused the refund with 402: no", result.getReason());
        var alert = RefundDispatcher.alert(result);
        assertEquals(EventIds.derived(result.getEventId(), "alert"), alert.getEventId());
        assertEquals(result.getEventId(), alert.getCauseEventId());
        assertEquals("refund-refused", alert.getKind());
        assertEquals(Severity.CRITICAL, alert.getSeverity());
        assertEquals("o-2", alert.getSubject());
        assertEquals("refund refund-pi_o-2 of order o-2 (charge pi_o-2): the processor refused the refund with 402: no."
                + " docs/REFUNDS.md says what to do.", alert.getDetail());
    }

    @Test
    void spentRetriesFailAndSayToLookForTheRefundBeforeRefundingByHand() {
        var result = RefundDispatcher.result(RefundRequests.request("o-3", "stripe"),
                new RetryInPlace.Attempted<>(new RefundAnswer(Kind.RETRY, "no answer from the processor within PT10S", null), 8), AT);
        assertEquals(RefundOutcome.FAILED, result.getOutcome());
        assertEquals(8, result.getAttempts());
        assertEquals("no refund after 8 call(s), the last: no answer from the processor within PT10S. A call that timed out may have"
                + " reached the processor: look for a refund with metadata refund_id=refund-pi_o-3 in its dashboard, and refund the"
                + " charge pi_o-3 by hand only if there is none", result.getReason());
        assertEquals("refund-failed", RefundDispatcher.alert(result).getKind());
    }

    @Test
    void aProviderWithoutARefundApiFailsWithoutACallAndSaysWhereToRefund() {
        var result = RefundDispatcher.withoutCall(RefundRequests.request("o-4", "standard"), AT);
        assertEquals(RefundOutcome.FAILED, result.getOutcome());
        assertEquals(0, result.getAttempts());
        assertEquals("standard has no refund API Tally can call: refund by hand in standard's dashboard (charge pi_o-4)", result.getReason());
        assertEquals("refund-by-hand", RefundDispatcher.alert(result).getKind());
    }

    @Test
    void aRequestNamingNoProviderIsNotGuessed() {
        var result = RefundDispatcher.withoutCall(RefundRequests.request("o-5", null), AT);
        assertEquals(RefundOutcome.FAILED, result.getOutcome());
        assertNull(result.getProvider());
        assertEquals("the refund request names no processor (it was written before RefundRequested v3): find the charge pi_o-5"
                + " and refund it by hand in its processor's dashboard", result.getReason());
        assertEquals("refund-by-hand", RefundDispatcher.alert(result).getKind());
    }
}
