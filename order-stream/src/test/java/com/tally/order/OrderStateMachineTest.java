package com.tally.order;

import static com.tally.order.Fixtures.T0;
import static com.tally.order.Fixtures.order;
import static com.tally.order.Fixtures.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order rules without Kafka: given a state, when an input arrives, expect a decision. */
class OrderStateMachineTest {

    private static OrderState placed(String orderId, long amount) {
        return OrderStateMachine.place(OrderStateMachine.unknown(orderId), order(orderId, amount, "EUR"), T0).next();
    }

    private static OrderState paid(String orderId, long amount) {
        return OrderStateMachine.apply(placed(orderId, amount), payment("p-1", PaymentKind.SUCCEEDED, "pi_1", orderId, amount, "EUR"), T0).next();
    }

    private static List<OrderStatus> targets(List<OrderEvent> events) {
        return events.stream().map(OrderEvent::getTo).toList();
    }

    @Test
    void placingANewOrderMakesItPendingWithOneTransition() {
        Decision decision = OrderStateMachine.place(OrderStateMachine.unknown("o-1"), order("o-1", 4_990, "EUR"), T0);

        assertEquals(OrderStatus.PENDING, decision.next().getStatus());
        assertEquals(List.of(OrderStatus.PENDING), targets(decision.transitions()));
        assertNull(decision.transitions().get(0).getFrom());
        assertEquals("placed-o-1", decision.transitions().get(0).getCauseEventId());
        assertEquals(4_990, decision.next().getAmountMinor());
        assertTrue(decision.refusal().isEmpty());
    }

    @Test
    void matchingPaymentMovesPendingToPaid() {
        Decision decision = OrderStateMachine.apply(placed("o-1", 4_990), payment("p-1", PaymentKind.SUCCEEDED, "pi_1", "o-1", 4_990, "EUR"), T0);

        assertEquals(OrderStatus.PAID, decision.next().getStatus());
        assertEquals(List.of(OrderStatus.PAID), targets(decision.transitions()));
        assertEquals(OrderStatus.PENDING, decision.transitions().get(0).getFrom());
        assertEquals("p-1", decision.transitions().get(0).getCauseEventId());
        assertEquals(1, decision.next().getPayments().size());
        assertEquals(2, decision.next().getHistory().size());
    }

    @Test
    void secondEventForTheSameChargeChangesNothing() {
        OrderState paid = paid("o-1", 4_990);

        Decision decision = OrderStateMachine.apply(paid, payment("p-2", PaymentKind.SUCCEEDED, "pi_1", "o-1", 4_990, "EUR"), T0);

        assertEquals(paid, decision.next());
        assertTrue(decision.transitions().isEmpty());
        assertTrue(decision.refunds().isEmpty());
        assertTrue(decision.refusal().orElseThrow().contains("already recorded"));
    }

    @Test
    void paymentOfADifferentAmountNeedsReviewAndRaisesACriticalAlert() {
        Decision decision = OrderStateMachine.apply(placed("o-1", 4_990), payment("p-1", PaymentKind.SUCCEEDED, "pi_1", "o-1", 4_000, "EUR"), T0);

        assertEquals(OrderStatus.NEEDS_REVIEW, decision.next().getStatus());
        assertEquals(1, decision.alerts().size());
        assertEquals("amount-mismatch", decision.alerts().get(0).getKind());
        assertEquals(Severity.CRITICAL, decision.alerts().get(0).getSeverity());
    }

    @Test
    void paymentInAnotherCurrencyNeedsReview() {
        Decision decision = OrderStateMachine.apply(placed("o-1", 4_990), payment("p-1", PaymentKind.SUCCEEDED, "pi_1", "o-1", 4_990, "USD"), T0);

        assertEquals(OrderStatus.NEEDS_REVIEW, decision.next().getStatus());
    }

    @Test
    void secondChargeForAPaidOrderIsRecordedAndRefunded() {
        Decision decision = OrderStateMachine.apply(paid("o-1", 4_990), payment("p-2", PaymentKind.SUCCEEDED, "pi_2", "o-1", 4_990, "EUR"), T0);

        assertEquals(OrderStatus.PAID, decision.next().getStatus());
        assertTrue(decision.transitions().isEmpty());
        assertEquals(2, decision.next().getPayments().size());
        assertEquals(1, decision.refunds().size());
        assertEquals("pi_2", decision.refunds().get(0).getTransactionId());
        assertEquals(4_990, decision.refunds().get(0).getAmountMinor());
        assertEquals("extra-charge", decision.alerts().get(0).getKind());
        OrderEvent recorded = decision.next().getHistory().get(2);
        assertEquals(OrderStatus.PAID, recorded.getFrom());
        assertEquals(OrderStatus.PAID, recorded.getTo());
        assertEquals("extra-charge", recorded.getCause());
    }

    @Test
    void failedPaymentMovesPendingToPaymentFailed() {
        Decision decision = OrderStateMachine.apply(placed("o-1", 4_990), payment("p-1", PaymentKind.FAILED, "pi_1", "o-1", 4_990, "EUR"), T0);

        assertEquals(OrderStatus.PAYMENT_FAILED, decision.next().getStatus());
        assertEquals(1, decision.next().getFailedPayments().size());
        assertEquals(List.of(OrderStatus.PAYMENT_FAILED), targets(decision.transitions()));
    }

    @Test
    void failedPaymentAfterPaymentIsRecordedWithoutChangingTheOrder() {
        Decision decision = OrderStateMachine.apply(paid("o-1", 4_990), payment("p-9", PaymentKind.FAILED, "pi_9", "o-1", 4_990, "EUR"), T0);

        assertEquals(OrderStatus.PAID, decision.next().getStatus());
        assertTrue(decision.transitions().isEmpty());
        assertEquals("payment-failed-ignored", decision.next().getHistory().get(2).getCause());
        assertTrue(decision.refusal().isPresent());
    }

    @Test
    void paymentBeforeItsOrderIsHeldAndAppliedOnPlacement() {
        Decision held = OrderStateMachine.apply(OrderStateMachine.unknown("o-1"),
                payment("p-1", PaymentKind.SUCCEEDED, "pi_1", "o-1", 4_990, "EUR"), T0);

        assertNull(held.next().getStatus());
        assertEquals(1, held.next().getHeldPayments().size());
        assertTrue(held.transitions().isEmpty());

        Decision placedDecision = OrderStateMachine.place(held.next(), order("o-1", 4_990, "EUR"), T0);

        assertEquals(OrderStatus.PAID, placedDecision.next().getStatus());
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAID), targets(placedDecision.transitions()));
        assertEquals(0, placedDecision.next().getHeldPayments().size());
    }

    @Test
    void sameHeldEventTwiceIsHeldOnce() {
        var early = payment("p-1", PaymentKind.SUCCEEDED, "pi_1", "o-1", 4_990, "EUR");
        OrderState once = OrderStateMachine.apply(OrderStateMachine.unknown("o-1"), early, T0).next();

        Decision twice = OrderStateMachine.apply(once, early, T0);

        assertEquals(1, twice.next().getHeldPayments().size());
    }

    @Test
    void repeatedIdenticalPlacementChangesNothing() {
        OrderState pending = placed("o-1", 4_990);

        Decision decision = OrderStateMachine.place(pending, order("o-1", 4_990, "EUR"), T0);

        assertEquals(pending, decision.next());
        assertTrue(decision.alerts().isEmpty());
        assertTrue(decision.refusal().isPresent());
    }

    @Test
    void conflictingPlacementKeepsTheFirstAndRaisesAnAlert() {
        Decision decision = OrderStateMachine.place(placed("o-1", 4_990), order("o-1", 9_990, "EUR"), T0);

        assertEquals(4_990, decision.next().getAmountMinor());
        assertEquals("conflicting-order-placement", decision.alerts().get(0).getKind());
        assertEquals(OrderStatus.PENDING, decision.next().getHistory().get(1).getTo());
    }

    @Test
    void fullRefundAtTheProcessorWithoutARequestRefundsTheOrderAndIsRaised() {
        Decision decision = OrderStateMachine.apply(paid("o-1", 4_990), payment("r-1", PaymentKind.REFUNDED, "pi_1", "o-1", 4_990, "EUR"), T0);

        assertEquals(OrderStatus.REFUNDED, decision.next().getStatus());
        assertEquals(List.of(OrderStatus.REFUNDED), targets(decision.transitions()));
        assertEquals("refund-not-requested", decision.alerts().get(0).getKind());
        assertEquals(1, decision.ledger().size());
        assertEquals("sales", decision.ledger().get(0).getDebitAccount());
        assertEquals("processor:stripe", decision.ledger().get(0).getCreditAccount());
    }

    @Test
    void inputIsNeverMutated() {
        OrderState pending = placed("o-1", 4_990);
        OrderState copy = OrderState.newBuilder(pending).build();

        OrderStateMachine.apply(pending, payment("p-1", PaymentKind.SUCCEEDED, "pi_1", "o-1", 4_990, "EUR"), T0);

        assertEquals(copy, pending);
    }
}
