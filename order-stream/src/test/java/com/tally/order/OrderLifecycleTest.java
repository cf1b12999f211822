package com.tally.order;

import static com.tally.order.Fixtures.disputed;
import static com.tally.order.Fixtures.failed;
import static com.tally.order.Fixtures.fulfillmentRequest;
import static com.tally.order.Fixtures.fulfillmentResult;
import static com.tally.order.Fixtures.order;
import static com.tally.order.Fixtures.refundRequest;
import static com.tally.order.Fixtures.refunded;
import static com.tally.order.Fixtures.succeeded;
import static com.tally.order.OrderDriver.causes;
import static com.tally.order.OrderDriver.kinds;
import static com.tally.order.OrderDriver.targets;
import static com.tally.schemas.OrderStatus.DELIVERED;
import static com.tally.schemas.OrderStatus.FULFILLMENT_ACCEPTED;
import static com.tally.schemas.OrderStatus.FULFILLMENT_REQUESTED;
import static com.tally.schemas.OrderStatus.NEEDS_REVIEW;
import static com.tally.schemas.OrderStatus.PAID;
import static com.tally.schemas.OrderStatus.PAYMENT_FAILED;
import static com.tally.schemas.OrderStatus.PENDING;
import static com.tally.schemas.OrderStatus.REFUNDED;
import static com.tally.schemas.OrderStatus.REFUND_REQUESTED;
import static com.tally.schemas.OrderStatus.SHIPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.Alert;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.LedgerEntry;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderState;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.RefundCause;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every transition and every anomaly of the order state machine, through the whole topology:
 * exact states, exact records on each output topic, exact alerts and ledger entries.
 */
class OrderLifecycleTest {

    @TempDir
    Path stateDir;

    private OrderDriver t;

    @BeforeEach
    void start() {
        t = new OrderDriver(OrderDriver.settings(stateDir));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private void paidOrder(String orderId, String transactionId) {
        t.placements.pipeInput(orderId, order(orderId, 4_990, "EUR"));
        t.webhooks.pipeInput(transactionId, succeeded("evt_" + transactionId, transactionId, orderId, 4_990));
    }

    /** Given: a paid order whose fulfillment was requested, with every output so far read. */
    private void fulfillmentRequested(String orderId, String transactionId) {
        paidOrder(orderId, transactionId);
        t.fulfillmentRequests.pipeInput(orderId, fulfillmentRequest(orderId, 1));
        t.drain();
    }

    private static void assertBooked(LedgerEntry entry, String debit, String credit, long amount) {
        assertEquals(debit, entry.getDebitAccount(), "debit account");
        assertEquals(credit, entry.getCreditAccount(), "credit account");
        assertEquals(amount, entry.getAmountMinor());
        assertEquals("EUR", entry.getCurrency());
    }

    @Test
    void placementMakesAPendingOrderAndPublishesOnlyThatTransition() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));

        List<OrderEvent> events = t.orderEvents.readValuesToList();
        assertEquals(List.of(PENDING), targets(events));
        assertNull(events.get(0).getFrom());
        assertEquals("ingest-service", events.get(0).getService());
        assertTrue(t.alerts.isEmpty());
        assertTrue(t.ledger.isEmpty());
        assertEquals(PENDING, t.status("o-1"));
        assertNotNull(t.byStatus.get("PENDING/o-1"));
    }

    @Test
    void paymentPaysTheOrderAndBooksTheChargeToSales() {
        paidOrder("o-1", "pi_1");

        assertEquals(List.of(PENDING, PAID), targets(t.orderEvents.readValuesToList()));
        List<LedgerEntry> entries = t.ledger.readValuesToList();
        assertEquals(1, entries.size());
        assertBooked(entries.get(0), "processor:stripe", "sales", 4_990);
        assertTrue(t.alerts.isEmpty());
        assertNull(t.byStatus.get("PENDING/o-1"), "the status index follows the order");
        assertNotNull(t.byStatus.get("PAID/o-1"));
        var eur = t.balances.get("EUR");
        assertEquals(Map.of("processor:stripe", 4_990L, "sales", -4_990L), eur.getAccounts());
        assertEquals(eur.getDebitsMinor(), eur.getCreditsMinor());
    }

    @Test
    void failedPaymentThenRetryOfTheCustomerPaysTheOrder() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        t.webhooks.pipeInput("pi_1", failed("evt_1", "pi_1", "o-1", 4_990));
        t.webhooks.pipeInput("pi_1", failed("evt_2", "pi_1", "o-1", 4_990));
        t.webhooks.pipeInput("pi_1", succeeded("evt_3", "pi_1", "o-1", 4_990));

        assertEquals(List.of(PENDING, PAYMENT_FAILED, PAID), targets(t.orderEvents.readValuesToList()));
        OrderState order = t.order("o-1");
        assertEquals(2, order.getFailedPayments().size());
        assertEquals(List.of("order-placed", "payment-failed", "payment-failed-again", "payment-succeeded"), causes(order));
        assertEquals(1, t.ledger.readValuesToList().size(), "a failed attempt books nothing");
    }

    @Test
    void fulfillmentRunsFromPaidToDeliveredAndIgnoresRepeatsAndLateSteps() {
        paidOrder("o-1", "pi_1");
        t.drain();

        t.fulfillmentRequests.pipeInput("o-1", fulfillmentRequest("o-1", 1));
        t.fulfillmentRequests.pipeInput("o-1", fulfillmentRequest("o-1", 2));   // a retry of the same request
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED));
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.SHIPPED));
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED));   // late
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.DELIVERED));

        List<OrderEvent> events = t.orderEvents.readValuesToList();
        assertEquals(List.of(FULFILLMENT_REQUESTED, FULFILLMENT_ACCEPTED, SHIPPED, DELIVERED), targets(events));
        assertEquals("fulfillment-stream", events.get(0).getService());
        assertEquals("fulfillment-dispatcher", events.get(3).getService());
        assertEquals("ful-o-1", t.order("o-1").getFulfillmentRequestId());
        assertTrue(t.alerts.isEmpty());
        assertTrue(t.ledger.isEmpty());
        assertEquals(DELIVERED, t.status("o-1"));
    }

    @Test
    void transientFailureOfAnAttemptChangesNothingAndRaisesNothing() {
        fulfillmentRequested("o-1", "pi_1");

        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.TRANSIENT_FAILURE));

        assertTrue(t.orderEvents.isEmpty());
        assertTrue(t.alerts.isEmpty());
        assertEquals(FULFILLMENT_REQUESTED, t.status("o-1"));
    }

    @Test
    void givenUpFulfillmentRaisesOneCriticalAlertAndTheOrderStaysPaid() {
        fulfillmentRequested("o-1", "pi_1");

        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.GAVE_UP));
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.GAVE_UP));   // delivered again

        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(1, alerts.size());
        assertEquals("fulfillment-gave-up", alerts.get(0).getKind());
        assertEquals(Severity.CRITICAL, alerts.get(0).getSeverity());
        assertEquals("o-1", alerts.get(0).getSubject());
        assertTrue(alerts.get(0).getDetail().contains("ful-o-1"), alerts.get(0).getDetail());
        assertTrue(t.orderEvents.isEmpty(), "no transition: the order stays where it was");
        assertEquals(FULFILLMENT_REQUESTED, t.status("o-1"));
        assertTrue(t.refundRequests.isEmpty(), "giving up is not a refund: a person decides");
        assertTrue(t.ledger.isEmpty());
    }

    @Test
    void aGiveUpAfterTheWarehouseTookTheRequestIsRecordedWithoutAnAlert() {
        fulfillmentRequested("o-1", "pi_1");
        // the saga took this answer for late and went on counting attempts until it gave up
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED));
        t.orderEvents.readValuesToList();

        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.GAVE_UP));

        assertTrue(t.alerts.isEmpty(), "no one is told to ship or refund goods the warehouse took");
        assertTrue(t.orderEvents.isEmpty());
        assertEquals(FULFILLMENT_ACCEPTED, t.status("o-1"));
        assertEquals("fulfillment-gave-up", causes(t.order("o-1")).get(causes(t.order("o-1")).size() - 1));
    }

    @Test
    void shippedBeforeItsAcceptedMovesStraightToShipped() {
        fulfillmentRequested("o-1", "pi_1");

        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.SHIPPED));

        List<OrderEvent> events = t.orderEvents.readValuesToList();
        assertEquals(List.of(SHIPPED), targets(events));
        assertEquals(FULFILLMENT_REQUESTED, events.get(0).getFrom());
    }

    @Test
    void rejectedFulfillmentRequestsOneRefundAndTheRefundEndsTheOrder() {
        paidOrder("o-1", "pi_1");
        t.fulfillmentRequests.pipeInput("o-1", fulfillmentRequest("o-1", 1));
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED));
        t.drain();

        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.REJECTED));
        // the saga's compensation for the same charge, with the same deterministic ID
        t.refundRequestsIn.pipeInput("o-1", refundRequest("o-1", "pi_1", 4_990, "fulfillment-stream"));

        assertEquals(List.of(REFUND_REQUESTED), targets(t.orderEvents.readValuesToList()));
        List<RefundRequested> refunds = t.refundRequests.readValuesToList();
        assertEquals(1, refunds.size());
        assertEquals("refund-pi_1", refunds.get(0).getRefundRequestId());
        assertEquals(4_990, refunds.get(0).getAmountMinor());
        assertEquals(RefundCause.FULFILLMENT_REJECTED, refunds.get(0).getCause());
        assertEquals("stripe", refunds.get(0).getProvider(), "the processor that took the charge is the one asked");
        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(List.of("fulfillment-rejected"), kinds(alerts));

        t.webhooks.pipeInput("pi_1", refunded("evt_r1", "pi_1", "o-1", 4_990, "re_1"));

        assertEquals(List.of(REFUNDED), targets(t.orderEvents.readValuesToList()));
        List<LedgerEntry> entries = t.ledger.readValuesToList();
        assertEquals(1, entries.size());
        assertBooked(entries.get(0), "sales", "processor:stripe", 4_990);
        assertTrue(t.alerts.isEmpty(), "a requested refund arriving is no anomaly");
        assertEquals(Map.of("processor:stripe", 0L, "sales", 0L), t.balances.get("EUR").getAccounts());
    }

    @Test
    void refundRequestedByAnotherServiceMovesAPaidOrderToRefundRequested() {
        paidOrder("o-1", "pi_1");
        t.drain();

        t.refundRequestsIn.pipeInput("o-1", refundRequest("o-1", "pi_1", 4_990, "support-console"));
        t.refundRequestsIn.pipeInput("o-1", refundRequest("o-1", "pi_1", 4_990, "support-console"));

        List<OrderEvent> events = t.orderEvents.readValuesToList();
        assertEquals(List.of(REFUND_REQUESTED), targets(events));
        assertEquals("support-console", events.get(0).getService());
        assertTrue(t.refundRequests.isEmpty(), "the request came from outside; order-stream does not repeat it");
        assertEquals(1, t.order("o-1").getRefundRequests().size());
    }

    @Test
    void twoPartialRefundsOfOneChargeBothCountAndRepeatsOfOneCountOnce() {
        paidOrder("o-1", "pi_1");
        t.refundRequestsIn.pipeInput("o-1", refundRequest("o-1", "pi_1", 4_990, "support-console"));
        t.drain();

        t.webhooks.pipeInput("pi_1", refunded("evt_r1", "pi_1", "o-1", 2_000, "re_1"));
        t.webhooks.pipeInput("pi_1", refunded("evt_r1", "pi_1", "o-1", 2_000, "re_1"));     // redelivered
        t.webhooks.pipeInput("pi_1", refunded("evt_r1b", "pi_1", "o-1", 2_000, "re_1"));    // another event, same refund
        assertTrue(t.orderEvents.isEmpty(), "a partial refund is recorded, not a transition");

        t.webhooks.pipeInput("pi_1", refunded("evt_r2", "pi_1", "o-1", 2_990, "re_2"));

        assertEquals(List.of(REFUNDED), targets(t.orderEvents.readValuesToList()));
        assertEquals(2, t.order("o-1").getRefunds().size());
        assertEquals(List.of(2_000L, 2_990L), t.ledger.readValuesToList().stream().map(LedgerEntry::getAmountMinor).toList());
        assertTrue(causes(t.order("o-1")).contains("partial-refund"));
    }

    @Test
    void paymentForAnUnknownOrderIsHeldAndRaisedOnceAfterTheTimeoutThenMatched() {
        t.webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990));
        t.driver.advanceWallClockTime(Duration.ofMinutes(30));
        assertTrue(t.alerts.isEmpty(), "not yet: the order may still come");

        t.driver.advanceWallClockTime(Duration.ofMinutes(31));
        t.driver.advanceWallClockTime(Duration.ofHours(2));

        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(List.of("payment-for-unknown-order"), kinds(alerts), "raised exactly once");
        assertEquals(Severity.CRITICAL, alerts.get(0).getSeverity());
        assertEquals("o-1", alerts.get(0).getSubject());

        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));

        assertEquals(List.of(PENDING, PAID), targets(t.orderEvents.readValuesToList()));
        assertEquals(List.of("payment-for-unknown-order"), t.order("o-1").getAnomalies().stream().map(a -> a.getKind()).toList(),
                "the anomaly stays on the order's record");
        assertEquals(1, t.ledger.readValuesToList().size(), "booked when it is matched");
    }

    @Test
    void orderArrivingWithinTheTimeoutRaisesNothing() {
        t.webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990));
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        // well past the timeout, and short of the time after which the paid order would be raised as stuck
        t.driver.advanceWallClockTime(Duration.ofMinutes(90));

        assertTrue(t.alerts.isEmpty());
        assertEquals(PAID, t.status("o-1"));
    }

    @Test
    void paymentOfAnotherAmountNeedsReviewAndIsBookedToSuspense() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        t.webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_000));

        assertEquals(List.of(PENDING, NEEDS_REVIEW), targets(t.orderEvents.readValuesToList()));
        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(List.of("amount-mismatch"), kinds(alerts));
        assertEquals(Severity.CRITICAL, alerts.get(0).getSeverity());
        assertBooked(t.ledger.readValuesToList().get(0), "processor:stripe", "suspense", 4_000);
    }

    @Test
    void paymentInAnotherCurrencyNeedsReview() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        t.webhooks.pipeInput("pi_1", Fixtures.webhook("evt_1", "payment_intent.succeeded", PaymentKind.SUCCEEDED,
                "pi_1", "o-1", 4_990, "USD"));

        assertEquals(NEEDS_REVIEW, t.status("o-1"));
        assertEquals(List.of("currency-mismatch"), kinds(t.alerts.readValuesToList()));
    }

    @Test
    void secondChargeForAPaidOrderRequestsExactlyOneRefundAndItsRefundSettlesIt() {
        paidOrder("o-1", "pi_1");
        t.drain();

        t.webhooks.pipeInput("pi_2", succeeded("evt_2", "pi_2", "o-1", 4_990));
        t.webhooks.pipeInput("pi_2", succeeded("evt_2", "pi_2", "o-1", 4_990));       // redelivered
        t.webhooks.pipeInput("pi_2", Fixtures.webhook("evt_2b", "charge.succeeded", PaymentKind.SUCCEEDED,
                "pi_2", "o-1", 4_990, "EUR"));                                           // another event, same charge

        assertTrue(t.orderEvents.isEmpty(), "the order stays PAID");
        List<RefundRequested> refunds = t.refundRequests.readValuesToList();
        assertEquals(1, refunds.size());
        assertEquals("refund-pi_2", refunds.get(0).getRefundRequestId());
        assertEquals("order-stream", refunds.get(0).getRequestedBy());
        assertEquals(RefundCause.EXTRA_CHARGE, refunds.get(0).getCause());
        assertEquals("stripe", refunds.get(0).getProvider());
        assertEquals(List.of("extra-charge"), kinds(t.alerts.readValuesToList()));
        assertBooked(t.ledger.readValuesToList().get(0), "processor:stripe", "refunds-payable", 4_990);
        assertEquals(PAID, t.status("o-1"), "its own refund request, read back, does not move the order");

        t.webhooks.pipeInput("pi_2", refunded("evt_r2", "pi_2", "o-1", 4_990, "re_2"));

        assertEquals(PAID, t.status("o-1"));
        assertTrue(t.orderEvents.isEmpty());
        assertBooked(t.ledger.readValuesToList().get(0), "refunds-payable", "processor:stripe", 4_990);
        assertEquals(0L, t.balances.get("EUR").getAccounts().get("refunds-payable"));
    }

    @Test
    void conflictingRepeatOfAnOrderKeepsTheFirstAndIsRaised() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));   // identical: nothing
        t.placements.pipeInput("o-1", order("o-1", 9_990, "EUR"));

        assertEquals(List.of(PENDING), targets(t.orderEvents.readValuesToList()));
        assertEquals(List.of("conflicting-order-placement"), kinds(t.alerts.readValuesToList()));
        assertEquals(4_990, t.order("o-1").getAmountMinor());
        assertEquals(List.of("order-placed", "conflicting-order-placement"), causes(t.order("o-1")));
    }

    @Test
    void eventTheStateCannotAcceptIsKeptInTheHistoryAndRaised() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        t.drain();

        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.SHIPPED));

        assertTrue(t.orderEvents.isEmpty());
        assertEquals(List.of("event-not-accepted"), kinds(t.alerts.readValuesToList()));
        OrderState order = t.order("o-1");
        assertEquals(PENDING, order.getStatus());
        OrderEvent kept = order.getHistory().get(order.getHistory().size() - 1);
        assertEquals(PENDING, kept.getFrom());
        assertEquals(PENDING, kept.getTo());
        assertEquals("fulfillment-dispatcher", kept.getService());
    }

    @Test
    void disputeIsRecordedBookedAndRaisedWithoutChangingTheOrder() {
        paidOrder("o-1", "pi_1");
        t.drain();

        t.webhooks.pipeInput("pi_1", disputed("evt_d1", "pi_1", "o-1", 4_990));

        assertTrue(t.orderEvents.isEmpty());
        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(List.of("payment-disputed"), kinds(alerts));
        assertEquals(Severity.CRITICAL, alerts.get(0).getSeverity());
        assertBooked(t.ledger.readValuesToList().get(0), "disputes", "processor:stripe", 4_990);
        assertEquals(1, t.order("o-1").getDisputes().size());
        assertEquals(PAID, t.status("o-1"));
    }

    @Test
    void eventForAnOrderNeverPlacedOtherThanAPaymentIsRaisedAndNotStored() {
        t.fulfillmentResults.pipeInput("o-9", fulfillmentResult("o-9", FulfillmentOutcome.DELIVERED));

        assertEquals(List.of("event-for-unknown-order"), kinds(t.alerts.readValuesToList()));
        assertNull(t.order("o-9"));
    }

    @Test
    void dedupeKeysArePurgedOnceTheRetentionHasPassed() {
        paidOrder("o-1", "pi_1");
        assertEquals(1, OrderDriver.count(t.seenDeliveries));
        assertEquals(1, OrderDriver.count(t.recordedFacts));

        t.driver.advanceWallClockTime(OrderDriver.RETENTION.minusHours(2));
        assertEquals(1, OrderDriver.count(t.seenDeliveries), "kept within the retention");

        t.driver.advanceWallClockTime(Duration.ofHours(3));
        assertEquals(0, OrderDriver.count(t.seenDeliveries));
        assertEquals(0, OrderDriver.count(t.recordedFacts));

        // past the retention a very late repeat passes the dedupe, and the order's state still ignores it
        t.drain();
        t.webhooks.pipeInput("pi_1", succeeded("evt_pi_1", "pi_1", "o-1", 4_990));
        assertEquals(1, t.paymentEvents.readValuesToList().size());
        assertTrue(t.orderEvents.isEmpty());
        assertTrue(t.ledger.isEmpty());
        assertEquals(1, t.order("o-1").getPayments().size());
    }

    @Test
    void historyTimesNeverGoBackwards() {
        t.webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990), Fixtures.T0.plusSeconds(5));
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"), Fixtures.T0.plusSeconds(10));
        t.fulfillmentRequests.pipeInput("o-1", fulfillmentRequest("o-1", 1), Fixtures.T0.plusSeconds(8));

        List<OrderEvent> history = t.order("o-1").getHistory();
        assertEquals(3, history.size());
        for (int i = 1; i < history.size(); i++) {
            assertTrue(!history.get(i).getAt().isBefore(history.get(i - 1).getAt()), "entry " + i + " goes back in time");
        }
        assertEquals(Fixtures.T0.plusSeconds(10), history.get(2).getAt());
    }

    @Test
    void reviewEndsInARefundRequestAndTheRefundTakesTheMoneyOutOfSuspense() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        t.webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_000));
        t.drain();

        t.refundRequestsIn.pipeInput("o-1", refundRequest("o-1", "pi_1", 4_000, "support-console"));
        t.webhooks.pipeInput("pi_1", refunded("evt_r1", "pi_1", "o-1", 4_000, "re_1"));

        List<OrderEvent> events = t.orderEvents.readValuesToList();
        assertEquals(List.of(REFUND_REQUESTED, REFUNDED), targets(events));
        assertEquals(NEEDS_REVIEW, events.get(0).getFrom());
        assertTrue(t.alerts.isEmpty());
        assertBooked(t.ledger.readValuesToList().get(0), "suspense", "processor:stripe", 4_000);
        assertEquals(0L, t.balances.get("EUR").getAccounts().get("suspense"));
    }

    @Test
    void fullRefundNobodyAskedForRefundsTheOrderAndIsRaised() {
        fulfillmentRequested("o-1", "pi_1");

        t.webhooks.pipeInput("pi_1", refunded("evt_r1", "pi_1", "o-1", 4_990, "re_1"));

        List<OrderEvent> events = t.orderEvents.readValuesToList();
        assertEquals(List.of(REFUNDED), targets(events));
        assertEquals(FULFILLMENT_REQUESTED, events.get(0).getFrom());
        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(List.of("refund-not-requested"), kinds(alerts));
        assertEquals(Severity.WARNING, alerts.get(0).getSeverity());
        assertBooked(t.ledger.readValuesToList().get(0), "sales", "processor:stripe", 4_990);
    }

    @Test
    void refundOfAChargeTheOrderNeverRecordedIsBookedFromSuspenseAndRaised() {
        paidOrder("o-1", "pi_1");
        t.drain();

        t.webhooks.pipeInput("pi_9", refunded("evt_r9", "pi_9", "o-1", 1_000, "re_9"));

        assertTrue(t.orderEvents.isEmpty());
        assertEquals(PAID, t.status("o-1"));
        assertEquals(List.of("refund-for-unknown-charge"), kinds(t.alerts.readValuesToList()));
        assertBooked(t.ledger.readValuesToList().get(0), "suspense", "processor:stripe", 1_000);
    }

    @Test
    void refundRequestAfterShippingIsNotAcceptedAndRaisedCritical() {
        paidOrder("o-1", "pi_1");
        t.fulfillmentRequests.pipeInput("o-1", fulfillmentRequest("o-1", 1));
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.SHIPPED));
        t.drain();

        t.refundRequestsIn.pipeInput("o-1", refundRequest("o-1", "pi_1", 4_990, "support-console"));

        assertTrue(t.orderEvents.isEmpty());
        assertEquals(SHIPPED, t.status("o-1"));
        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(List.of("event-not-accepted"), kinds(alerts));
        assertEquals(Severity.CRITICAL, alerts.get(0).getSeverity());
    }
}
