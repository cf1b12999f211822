package com.tally.order;

import static com.tally.order.Fixtures.T0;
import static com.tally.order.Fixtures.fulfillmentRequest;
import static com.tally.order.Fixtures.fulfillmentResult;
import static com.tally.order.Fixtures.order;
import static com.tally.order.Fixtures.payment;
import static com.tally.order.Fixtures.refundRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.testing.TestTokens;
import com.tally.schemas.Alert;
import com.tally.schemas.EventIds;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When an order is stuck and what its two alerts say, without Kafka: given an order, when the clock or an input moves, expect alerts. */
class StuckOrdersTest {

    private static final Duration AFTER = Duration.ofHours(2);
    private static final Instant PAID_AT = T0.plusSeconds(30);

    private static OrderState paid(String orderId) {
        OrderState placed = OrderStateMachine.place(OrderStateMachine.unknown(orderId), order(orderId, 4_990, "EUR"), T0).next();
        return OrderStateMachine.apply(placed, payment("p-" + orderId, PaymentKind.SUCCEEDED, "pi_1", orderId, 4_990, "EUR"), PAID_AT).next();
    }

    private static OrderState requested(String orderId) {
        return OrderStateMachine.fulfillmentRequested(paid(orderId), fulfillmentRequest(orderId, 1), PAID_AT).next();
    }

    private static void assertMentions(String detail, String... parts) {
        for (String part : parts) {
            assertTrue(detail.contains(part), "\"" + part + "\" missing from: " + detail);
        }
    }

    @Test
    void onlyAPaidOrderWithoutAnAcceptedFulfillmentAwaitsIt() {
        var awaiting = Arrays.stream(OrderStatus.values()).filter(StuckOrders::awaitsFulfillment).toList();

        assertEquals(List.of(OrderStatus.PAID, OrderStatus.FULFILLMENT_REQUESTED), awaiting);
        assertTrue(!StuckOrders.awaitsFulfillment(null), "an order not placed yet awaits nothing");
    }

    @Test
    void paidOrderIsStuckExactlyWhenItHasWaitedTheThreshold() {
        OrderState order = paid("o-1");

        assertEquals(Optional.empty(), StuckOrders.stuck(order, PAID_AT, PAID_AT.plus(AFTER).minusMillis(1), AFTER));

        Instant now = PAID_AT.plus(AFTER);
        Alert alert = StuckOrders.stuck(order, PAID_AT, now, AFTER).orElseThrow();
        assertEquals("order-stuck", alert.getKind());
        assertEquals(Severity.WARNING, alert.getSeverity());
        assertEquals("o-1", alert.getSubject());
        assertEquals(now, alert.getAt());
        String paidEventId = StuckOrders.paid(order).orElseThrow().getEventId();
        assertEquals(paidEventId, alert.getCauseEventId(), "caused by the payment that started the wait");
        assertEquals(EventIds.derived(paidEventId, "order-stuck"), alert.getEventId());
        assertEquals(alert, StuckOrders.stuck(order, PAID_AT, now, AFTER).orElseThrow(), "the same order and clock, the same alert");
    }

    @Test
    void paidOrderWithoutARequestPointsAtFulfillmentStream() {
        String detail = StuckOrders.stuck(paid("o-1"), PAID_AT, PAID_AT.plus(AFTER).plusSeconds(61), AFTER).orElseThrow().getDetail();

        assertMentions(detail, "paid PT2H1M1S ago", "fulfillment was never requested",
                "check that fulfillment-stream is running and its lag on orders.events", "GET /fulfillment/o-1 on fulfillment-stream (port 8082)");
    }

    @Test
    void requestedOrderPointsAtTheSagaTheDispatcherAndTheWarehouse() {
        String detail = StuckOrders.stuck(requested("o-1"), PAID_AT, PAID_AT.plus(AFTER), AFTER).orElseThrow().getDetail();

        assertMentions(detail, "fulfillment request ful-o-1 is not accepted yet", "GET /fulfillment/o-1 on fulfillment-stream (port 8082)",
                "its dispatcher", "the warehouse");
    }

    @Test
    void orderThatMovedOnIsNeverStuck() {
        OrderState accepted = OrderStateMachine.fulfillmentResult(requested("o-1"), fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED), PAID_AT,
                Compensation.DEFAULTS).next();

        assertEquals(Optional.empty(), StuckOrders.stuck(accepted, PAID_AT, PAID_AT.plus(AFTER.multipliedBy(10)), AFTER));
    }

    @Test
    void acceptedFulfillmentClearsARaisedOrderOnceWithAnInfoAlert() {
        OrderState before = requested("o-1");
        Instant raisedAt = PAID_AT.plus(AFTER);
        Decision accepted = OrderStateMachine.fulfillmentResult(before, fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED),
                raisedAt.plusSeconds(5), Compensation.DEFAULTS);

        Alert alert = StuckOrders.unstuck(before, accepted, Optional.of(raisedAt)).orElseThrow();

        assertEquals("order-unstuck", alert.getKind());
        assertEquals(Severity.INFO, alert.getSeverity());
        assertEquals("o-1", alert.getSubject());
        assertEquals("res-o-1-ACCEPTED", alert.getCauseEventId());
        assertEquals(EventIds.derived("res-o-1-ACCEPTED", "order-unstuck"), alert.getEventId());
        assertEquals(raisedAt.plusSeconds(5), alert.getAt());
        assertTrue(alert.getDetail().contains("it became FULFILLMENT_ACCEPTED (fulfillment-accepted)"), alert.getDetail());
        assertTrue(alert.getDetail().contains("raised at " + raisedAt), alert.getDetail());
    }

    @Test
    void anyOtherWayOutOfTheWaitClearsItToo() {
        OrderState before = paid("o-1");
        Decision refund = OrderStateMachine.refundRequested(before, refundRequest("o-1", "pi_1", 4_990, "support-console"), PAID_AT);

        Alert alert = StuckOrders.unstuck(before, refund, Optional.of(PAID_AT.plus(AFTER))).orElseThrow();

        assertTrue(alert.getDetail().contains("it became REFUND_REQUESTED (refund-requested)"), alert.getDetail());
    }

    @Test
    void nothingIsClearedThatWasNotRaisedOrStillWaits() {
        OrderState paid = paid("o-1");
        Decision requested = OrderStateMachine.fulfillmentRequested(paid, fulfillmentRequest("o-1", 1), PAID_AT);
        Decision accepted = OrderStateMachine.fulfillmentResult(requested.next(), fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED), PAID_AT,
                Compensation.DEFAULTS);

        assertEquals(Optional.empty(), StuckOrders.unstuck(paid, requested, Optional.of(PAID_AT)), "still waiting, for the warehouse now");
        assertEquals(Optional.empty(), StuckOrders.unstuck(requested.next(), accepted, Optional.empty()), "never raised");
    }

    @Test
    void thresholdDefaultsToTwoHoursAndIsSetByTallyStuckOrderAfter() {
        var env = new HashMap<>(TestTokens.environment());
        assertEquals(Duration.ofHours(2), OrderConfig.fromEnv(env).stuckOrderAfter());

        env.put(OrderConfig.STUCK_ORDER_AFTER, "PT20S");
        assertEquals(Duration.ofSeconds(20), OrderConfig.fromEnv(env).stuckOrderAfter());
    }
}
