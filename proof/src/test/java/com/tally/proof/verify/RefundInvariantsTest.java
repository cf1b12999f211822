package com.tally.proof.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.order.Compensation;
import com.tally.order.OrderView;
import com.tally.proof.processor.OrderRefunds;
import com.tally.schemas.Alert;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.RefundCause;
import com.tally.schemas.RefundOutcome;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.RefundResult;
import com.tally.schemas.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefundInvariantsTest {

    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void countsRefundRequestsPerCauseOncePerRefundIdNamingEveryCause() {
        var requests = List.of(request("o-1", "pi_1", RefundCause.EXTRA_CHARGE), request("o-1", "pi_1", RefundCause.EXTRA_CHARGE),
                request("o-2", "pi_2", RefundCause.FULFILLMENT_REJECTED), request("o-3", "pi_3", RefundCause.FULFILLMENT_REJECTED));

        assertEquals("refund requests by cause: EXTRA_CHARGE 1, FULFILLMENT_REJECTED 2, FULFILLMENT_GAVE_UP 0, REQUESTED_BY_SERVICE 0,"
                + " UNKNOWN 0", RefundInvariants.requestsByCause(requests));
    }

    @Test
    void aRequestWrittenAgainIsOneRequestAndARejectionRefundIsNotAnExtraChargesDuplicate() {
        var check = RefundInvariants.oneRequestPerChargeAndCause(List.of(request("o-1", "pi_1", RefundCause.EXTRA_CHARGE),
                request("o-1", "pi_1", RefundCause.EXTRA_CHARGE), request("o-1", "pi_2", RefundCause.FULFILLMENT_REJECTED)));

        assertJudged(check, RefundInvariants.REFUND_REQUESTS_BY_CAUSE, 2, List.of());
    }

    @Test
    void twoRefundIdsForOneChargeAndCauseAreOffenders() {
        var second = request("o-1", "pi_1", "refund-pi_1-again", RefundCause.FULFILLMENT_REJECTED);

        var check = RefundInvariants.oneRequestPerChargeAndCause(List.of(request("o-1", "pi_1", RefundCause.FULFILLMENT_REJECTED), second));

        assertJudged(check, RefundInvariants.REFUND_REQUESTS_BY_CAUSE, 1,
                List.of("o-1 FULFILLMENT_REJECTED charge pi_1: refund IDs [refund-pi_1, refund-pi_1-again]"));
    }

    @Test
    void eachRequestAnsweredOnceWithAnAlertExactlyWhenAPersonMustAct() {
        var requested = request("o-1", "pi_1", RefundCause.FULFILLMENT_REJECTED);
        var refused = request("o-2", "pi_2", RefundCause.FULFILLMENT_REJECTED);
        var byHand = request("o-3", "pi_3", RefundCause.EXTRA_CHARGE);
        var refusedResult = result(refused, RefundOutcome.REFUSED);
        var byHandResult = result(byHand, RefundOutcome.FAILED);
        var log = new RefundInvariants.RefundLog(List.of(requested, requested, refused, byHand),
                List.of(result(requested, RefundOutcome.REQUESTED), result(requested, RefundOutcome.REQUESTED), refusedResult, byHandResult),
                List.of(alert("refund-refused", refusedResult), alert("refund-refused", refusedResult), alert("refund-by-hand", byHandResult)));

        var check = RefundInvariants.oneResultPerRequest(log);

        assertJudged(check, RefundInvariants.ONE_REFUND_RESULT_PER_REQUEST, 3, List.of());
    }

    @Test
    void aMissingResultASecondResultAndARefusalWithoutItsAlertAreOffenders() {
        var unanswered = request("o-1", "pi_1", RefundCause.FULFILLMENT_REJECTED);
        var twice = request("o-2", "pi_2", RefundCause.FULFILLMENT_GAVE_UP);
        var silent = request("o-3", "pi_3", RefundCause.FULFILLMENT_REJECTED);
        var requestedWithAlert = request("o-4", "pi_4", RefundCause.EXTRA_CHARGE);
        var again = result(twice, "result-again", RefundOutcome.REQUESTED);
        var log = new RefundInvariants.RefundLog(List.of(unanswered, twice, silent, requestedWithAlert),
                List.of(result(twice, RefundOutcome.REQUESTED), again, result(silent, RefundOutcome.REFUSED),
                        result(requestedWithAlert, RefundOutcome.REQUESTED)),
                List.of(alert("refund-failed", result(requestedWithAlert, RefundOutcome.REQUESTED))));

        var check = RefundInvariants.oneResultPerRequest(log);

        assertJudged(check, RefundInvariants.ONE_REFUND_RESULT_PER_REQUEST, 4, List.of(
                "o-1: refund refund-pi_1 answered 0 times []",
                "o-2: refund refund-pi_2 answered 2 times [REQUESTED refund-event-refund-pi_2-result, REQUESTED result-again]",
                "o-3: refund refund-pi_3 REFUSED with alerts []",
                "o-4: refund refund-pi_4 REQUESTED with alerts [refund-failed]"));
    }

    @Test
    void aRefundIdRefundedOnceHoweverOftenItWasCalledAndARefusedOneMadeNowhereHold() {
        var requested = request("o-1", "pi_1", RefundCause.FULFILLMENT_REJECTED);
        var refused = request("o-2", "pi_2", RefundCause.FULFILLMENT_REJECTED);
        var seen = Map.of("o-1", new OrderRefunds("o-1", 4, 1, List.of(processorRequest("refund-pi_1", 4, 1))),
                "o-2", new OrderRefunds("o-2", 1, 0, List.of(processorRequest("refund-pi_2", 1, 0))));

        var check = RefundInvariants.oneProcessorRefundPerRefundId(seen,
                List.of(result(requested, RefundOutcome.REQUESTED), result(refused, RefundOutcome.REFUSED)));

        assertJudged(check, RefundInvariants.ONE_PROCESSOR_REFUND_PER_REFUND_ID, 2, List.of());
    }

    @Test
    void twoRefundsForOneRefundIdOrNoneForARequestedOneAreOffenders() {
        var twice = request("o-1", "pi_1", RefundCause.FULFILLMENT_REJECTED);
        var never = request("o-2", "pi_2", RefundCause.FULFILLMENT_REJECTED);
        var lost = request("o-3", "pi_3", RefundCause.EXTRA_CHARGE);
        var seen = Map.of("o-1", new OrderRefunds("o-1", 3, 2, List.of(processorRequest("refund-pi_1", 3, 2))),
                "o-2", new OrderRefunds("o-2", 1, 0, List.of(processorRequest("refund-pi_2", 1, 0))),
                "o-3", new OrderRefunds("o-3", 0, 0, List.of()));

        var check = RefundInvariants.oneProcessorRefundPerRefundId(seen, List.of(result(twice, RefundOutcome.REQUESTED),
                result(never, RefundOutcome.REQUESTED), result(lost, RefundOutcome.REQUESTED)));

        assertJudged(check, RefundInvariants.ONE_PROCESSOR_REFUND_PER_REFUND_ID, 3, List.of(
                "o-1: refund refund-pi_1 made 2 times at the processor in 3 calls with keys [refund-pi_1]; the dispatcher recorded it REQUESTED",
                "o-2: refund refund-pi_2 made 0 times at the processor in 1 calls with keys [refund-pi_2]; the dispatcher recorded it REQUESTED",
                "o-3: refund refund-pi_3 recorded REQUESTED, but the processor saw 0 calls and no keys for it"));
    }

    @Test
    void aRejectionRefundedAndAGiveUpHeldEndAsTheirPoliciesSay() {
        var rejected = fulfillment("o-1", "result-o-1", FulfillmentOutcome.REJECTED);
        var gaveUp = fulfillment("o-2", "result-o-2", FulfillmentOutcome.GAVE_UP);
        var refund = request("o-1", "pi_1", RefundCause.FULFILLMENT_REJECTED);
        var log = new RefundInvariants.RefundLog(List.of(refund), List.of(result(refund, RefundOutcome.REQUESTED)),
                List.of(decision("fulfillment-rejected", rejected), decision("fulfillment-gave-up", gaveUp)));
        var queried = Map.of("o-1", order("o-1", "REFUNDED", decidedOn(rejected, "fulfillment-rejected")),
                "o-2", order("o-2", "FULFILLMENT_REQUESTED", decidedOn(gaveUp, "fulfillment-gave-up")));

        var check = RefundInvariants.compensatedAsPolicy(Set.of("o-1", "o-2"), List.of(rejected, rejected, gaveUp), log, queried,
                Compensation.DEFAULTS);

        assertJudged(check, RefundInvariants.COMPENSATED_AS_POLICY, 2, List.of());
    }

    @Test
    void aRefundTheProcessorRefusedLeavesTheOrderToAPersonAndHolds() {
        var rejected = fulfillment("o-1", "result-o-1", FulfillmentOutcome.REJECTED);
        var refund = request("o-1", "pi_1", RefundCause.FULFILLMENT_REJECTED);
        var log = new RefundInvariants.RefundLog(List.of(refund), List.of(result(refund, RefundOutcome.REFUSED)),
                List.of(decision("fulfillment-rejected", rejected)));

        var check = RefundInvariants.compensatedAsPolicy(Set.of("o-1"), List.of(rejected), log,
                Map.of("o-1", order("o-1", "REFUND_REQUESTED", decidedOn(rejected, "fulfillment-rejected"))), null);

        assertJudged(check, RefundInvariants.COMPENSATED_AS_POLICY, 1, List.of());
    }

    @Test
    void aRejectedOrderLeftUnrefundedAHeldOrderRefundedAndASilentGiveUpAreOffenders() {
        var leftPaid = fulfillment("o-1", "result-o-1", FulfillmentOutcome.REJECTED);
        var heldButRefunded = fulfillment("o-2", "result-o-2", FulfillmentOutcome.GAVE_UP);
        var silent = fulfillment("o-3", "result-o-3", FulfillmentOutcome.GAVE_UP);
        var stuck = fulfillment("o-4", "result-o-4", FulfillmentOutcome.REJECTED);
        var wrongRefund = request("o-2", "pi_2", RefundCause.FULFILLMENT_GAVE_UP);
        var stuckRefund = request("o-4", "pi_4", RefundCause.FULFILLMENT_REJECTED);
        var log = new RefundInvariants.RefundLog(List.of(wrongRefund, stuckRefund), List.of(result(stuckRefund, RefundOutcome.REQUESTED)),
                List.of(decision("fulfillment-rejected", leftPaid), decision("fulfillment-gave-up", heldButRefunded),
                        decision("fulfillment-rejected", stuck)));
        var queried = Map.of("o-1", order("o-1", "FULFILLMENT_REQUESTED", decidedOn(leftPaid, "fulfillment-rejected")),
                "o-2", order("o-2", "REFUND_REQUESTED", decidedOn(heldButRefunded, "fulfillment-gave-up")),
                "o-3", order("o-3", "FULFILLMENT_REQUESTED", List.of()),
                "o-4", order("o-4", "REFUND_REQUESTED", decidedOn(stuck, "fulfillment-rejected")));

        var check = RefundInvariants.compensatedAsPolicy(Set.of("o-1", "o-2", "o-3", "o-4"), List.of(leftPaid, heldButRefunded, silent, stuck),
                log, queried, null);

        assertJudged(check, RefundInvariants.COMPENSATED_AS_POLICY, 4, List.of(
                "o-1 [fulfillment-rejected]: no refund request with cause FULFILLMENT_REJECTED; the order is FULFILLMENT_REQUESTED",
                "o-2 [fulfillment-gave-up]: held, yet refunds [refund-pi_2] were requested with cause FULFILLMENT_GAVE_UP",
                "o-3 []: order-stream accepted [GAVE_UP result-o-3] but raised no compensation alert; the order is FULFILLMENT_REQUESTED",
                "o-4 [fulfillment-rejected]: is REFUND_REQUESTED after refunds [refund-pi_4] with results [REQUESTED]: did the processor's"
                        + " charge.refunded webhook reach ingest?"));
    }

    @Test
    void aHeldOrderInARefundNoOtherCauseAskedForIsAnOffenderButAnotherServicesRefundExplainsIt() {
        var heldAlone = fulfillment("o-1", "result-o-1", FulfillmentOutcome.REJECTED);
        var heldThenRefundedByAPerson = fulfillment("o-2", "result-o-2", FulfillmentOutcome.REJECTED);
        var byAPerson = request("o-2", "pi_2", RefundCause.REQUESTED_BY_SERVICE);
        var log = new RefundInvariants.RefundLog(List.of(request("o-1", "pi_x", RefundCause.EXTRA_CHARGE), byAPerson),
                List.of(result(byAPerson, RefundOutcome.REQUESTED)),
                List.of(decision("fulfillment-rejected-held", heldAlone), decision("fulfillment-rejected-held", heldThenRefundedByAPerson)));
        var queried = Map.of("o-1", order("o-1", "REFUNDED", decidedOn(heldAlone, "fulfillment-rejected-held")),
                "o-2", order("o-2", "REFUNDED", decidedOn(heldThenRefundedByAPerson, "fulfillment-rejected-held")));

        var check = RefundInvariants.compensatedAsPolicy(Set.of("o-1", "o-2"), List.of(heldAlone, heldThenRefundedByAPerson), log, queried, null);

        assertJudged(check, RefundInvariants.COMPENSATED_AS_POLICY, 2,
                List.of("o-1 [fulfillment-rejected-held]: held, yet the order is REFUNDED with no refund requested for another reason"));
    }

    @Test
    void aDecisionAgainstTheExpectedPolicyIsAnOffender() {
        var gaveUp = fulfillment("o-1", "result-o-1", FulfillmentOutcome.GAVE_UP);
        var refund = request("o-1", "pi_1", RefundCause.FULFILLMENT_GAVE_UP);
        var log = new RefundInvariants.RefundLog(List.of(refund), List.of(result(refund, RefundOutcome.REQUESTED)),
                List.of(decision("fulfillment-gave-up-refunded", gaveUp)));
        var queried = Map.of("o-1", order("o-1", "REFUNDED", decidedOn(gaveUp, "fulfillment-gave-up-refunded")));

        var check = RefundInvariants.compensatedAsPolicy(Set.of("o-1"), List.of(gaveUp), log, queried, Compensation.DEFAULTS);

        assertJudged(check, RefundInvariants.COMPENSATED_AS_POLICY, 1,
                List.of("o-1 [fulfillment-gave-up-refunded]: decided REFUND for FULFILLMENT_GAVE_UP, but the policy is HOLD"));
    }

    @Test
    void aGiveUpAfterTheOrderMovedOnAndARejectionOfAnUnpaidOrderCompensateNothing() {
        var movedOn = fulfillment("o-1", "result-o-1", FulfillmentOutcome.GAVE_UP);
        var notApplying = fulfillment("o-2", "result-o-2", FulfillmentOutcome.REJECTED);
        var neverPaid = fulfillment("o-3", "result-o-3", FulfillmentOutcome.REJECTED);
        var queried = Map.of(
                "o-1", order("o-1", "SHIPPED", List.of(), List.of(line(movedOn, "SHIPPED", "SHIPPED", "fulfillment-gave-up"))),
                "o-2", order("o-2", "PAID", List.of(anomaly(notApplying, "event-not-accepted")),
                        List.of(line(notApplying, "PAID", "PAID", "event-not-accepted"))));
        var log = new RefundInvariants.RefundLog(List.of(), List.of(), List.of());

        assertTrue(RefundInvariants.setAside(movedOn, queried.get("o-1")));
        assertTrue(RefundInvariants.setAside(notApplying, queried.get("o-2")));
        var check = RefundInvariants.compensatedAsPolicy(Set.of("o-1", "o-2"), List.of(movedOn, notApplying, neverPaid), log, queried, null);

        assertJudged(check, RefundInvariants.COMPENSATED_AS_POLICY, 0, List.of());
    }

    @Test
    void aRepeatOrderStreamRecognisedIsJudgedByTheOrdersAlert() {
        var first = fulfillment("o-1", "result-o-1", FulfillmentOutcome.REJECTED);
        var callback = fulfillment("o-1", "callback-o-1", FulfillmentOutcome.REJECTED);
        var view = order("o-1", "FULFILLMENT_REQUESTED", decidedOn(first, "fulfillment-rejected-held"));

        assertFalse(RefundInvariants.setAside(callback, view));
        var check = RefundInvariants.compensatedAsPolicy(Set.of("o-1"), List.of(first, callback), new RefundInvariants.RefundLog(List.of(),
                List.of(), List.of(decision("fulfillment-rejected-held", first))), Map.of("o-1", view), null);

        assertJudged(check, RefundInvariants.COMPENSATED_AS_POLICY, 1, List.of());
    }

    @Test
    void ordersToQueryAreThosePaidAndRejectedOrGivenUpAndThoseWithACompensationAlert() {
        var rejected = fulfillment("o-1", "result-o-1", FulfillmentOutcome.REJECTED);
        var accepted = fulfillment("o-2", "result-o-2", FulfillmentOutcome.ACCEPTED);
        var unpaid = fulfillment("o-3", "result-o-3", FulfillmentOutcome.GAVE_UP);
        var alerts = List.of(decision("fulfillment-gave-up", fulfillment("o-4", "result-o-4", FulfillmentOutcome.GAVE_UP)),
                alert("refund-refused", result(request("o-5", "pi_5", RefundCause.EXTRA_CHARGE), RefundOutcome.REFUSED)));

        assertEquals(Set.of("o-1", "o-4"), RefundInvariants.candidates(Set.of("o-1", "o-2"), List.of(rejected, accepted, unpaid), alerts));
    }

    /** The check's name, the cases it counted and, in order, the offenders it named. */
    private static void assertJudged(Check check, String invariant, int checked, List<String> offenders) {
        assertEquals(invariant, check.invariant());
        assertEquals(offenders, check.offenders());
        assertEquals(checked, check.checked());
    }

    private static RefundRequested request(String orderId, String transactionId, RefundCause cause) {
        return request(orderId, transactionId, "refund-" + transactionId, cause);
    }

    private static RefundRequested request(String orderId, String transactionId, String refundRequestId, RefundCause cause) {
        return RefundRequested.newBuilder()
                .setEventId("refund-event-" + refundRequestId)
                .setCauseEventId("cause-" + orderId)
                .setOrderId(orderId)
                .setRefundRequestId(refundRequestId)
                .setTransactionId(transactionId)
                .setAmountMinor(2500)
                .setCurrency("EUR")
                .setReason("test")
                .setRequestedAt(AT)
                .setProvider("stripe")
                .setCause(cause)
                .build();
    }

    private static RefundResult result(RefundRequested request, RefundOutcome outcome) {
        return result(request, request.getEventId() + "-result", outcome);
    }

    private static RefundResult result(RefundRequested request, String eventId, RefundOutcome outcome) {
        return RefundResult.newBuilder()
                .setEventId(eventId)
                .setCauseEventId(request.getEventId())
                .setOrderId(request.getOrderId())
                .setRefundRequestId(request.getRefundRequestId())
                .setTransactionId(request.getTransactionId())
                .setOutcome(outcome)
                .setAttempts(1)
                .setAt(AT)
                .build();
    }

    private static Alert alert(String kind, RefundResult result) {
        return Alert.newBuilder().setEventId(result.getEventId() + "-alert").setCauseEventId(result.getEventId()).setKind(kind)
                .setSeverity(Severity.CRITICAL).setSubject(result.getOrderId()).setDetail("refund " + result.getRefundRequestId()).setAt(AT)
                .build();
    }

    private static FulfillmentResult fulfillment(String orderId, String eventId, FulfillmentOutcome outcome) {
        return FulfillmentResult.newBuilder().setEventId(eventId).setCauseEventId("request-" + orderId).setOrderId(orderId)
                .setRequestId("ful-" + orderId).setOutcome(outcome).setReason("test").setAt(AT).setAttempt(1).build();
    }

    /** order-stream's compensation alert for {@code result}, as its Outcome raises it. */
    private static Alert decision(String kind, FulfillmentResult result) {
        return Alert.newBuilder().setEventId(result.getEventId() + "-" + kind).setCauseEventId(result.getEventId()).setKind(kind)
                .setSeverity(Severity.WARNING).setSubject(result.getOrderId()).setDetail(kind).setAt(AT).build();
    }

    private static List<OrderView.AnomalyView> decidedOn(FulfillmentResult result, String kind) {
        return List.of(anomaly(result, kind));
    }

    private static OrderView.AnomalyView anomaly(FulfillmentResult result, String kind) {
        return new OrderView.AnomalyView(kind, kind, result.getEventId(), result.getEventId() + "-" + kind, AT);
    }

    private static OrderView.HistoryEntry line(FulfillmentResult result, String from, String to, String cause) {
        return new OrderView.HistoryEntry(AT, from, to, cause, result.getEventId(), "fulfillment-dispatcher", null, result.getEventId() + "-" + cause);
    }

    /** An order with the anomalies given, each kept in its history as order-stream keeps them. */
    private static OrderView order(String orderId, String status, List<OrderView.AnomalyView> anomalies) {
        var history = new ArrayList<OrderView.HistoryEntry>();
        anomalies.forEach(a -> history.add(new OrderView.HistoryEntry(AT, status, status, a.kind(), a.causeEventId(), "fulfillment-dispatcher",
                a.detail(), a.alertEventId())));
        return order(orderId, status, anomalies, history);
    }

    private static OrderView order(String orderId, String status, List<OrderView.AnomalyView> anomalies, List<OrderView.HistoryEntry> history) {
        return new OrderView(orderId, status, 2500, "EUR", "a@example.com", List.of(), AT, List.of(), List.of(), List.of(), List.of(),
                List.of(), "ful-" + orderId, anomalies, history, false);
    }

    private static OrderRefunds.Request processorRequest(String refundId, long calls, int uniqueRefunds) {
        var refunds = new ArrayList<OrderRefunds.Refund>();
        for (int i = 0; i < uniqueRefunds; i++) {
            refunds.add(new OrderRefunds.Refund("re_" + i, "pi", 2500, "eur", refundId, AT, true));
        }
        return new OrderRefunds.Request(refundId, calls, List.of(refundId), Map.of(200, calls), uniqueRefunds, refunds);
    }
}
