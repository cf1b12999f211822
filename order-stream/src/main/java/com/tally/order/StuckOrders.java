package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.EventIds;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * When a paid order counts as stuck, and the two alerts about it. An order waits for fulfillment
 * from the moment order-stream records it PAID until the warehouse accepts it or the order goes
 * anywhere else (shipped, refund requested, refunded). Nothing leads back to PAID, so an order
 * waits at most once in its life and is raised at most once, then cleared at most once.
 * <p>
 * Being stuck is a reading of the wall clock, not an event in the order's log: it is kept beside
 * the order (in {@link AwaitingFulfillment}), not in its state, so an order rebuilt from the log
 * still equals the live one, and a lagging order-stream measures the wait from when it recorded
 * the payment, not from when the payment happened.
 */
final class StuckOrders {

    static final String STUCK = "order-stuck";
    static final String UNSTUCK = "order-unstuck";

    private static final Set<OrderStatus> AWAITING = EnumSet.of(OrderStatus.PAID, OrderStatus.FULFILLMENT_REQUESTED);

    private StuckOrders() {
    }

    /** Paid, and no fulfillment accepted yet. */
    static boolean awaitsFulfillment(OrderStatus status) {
        return status != null && AWAITING.contains(status);
    }

    static boolean isDue(Instant waitingSince, Instant now, Duration stuckAfter) {
        return !now.isBefore(waitingSince.plus(stuckAfter));
    }

    /** The transition that made the order PAID; every order that waits for fulfillment has exactly one. */
    static Optional<OrderEvent> paid(OrderState order) {
        return order.getHistory().stream().filter(e -> e.getTo() == OrderStatus.PAID && e.getFrom() != OrderStatus.PAID).findFirst();
    }

    /**
     * The {@code order-stuck} alert for an order that has waited since {@code waitingSince}, if it
     * still waits and the wait has reached {@code stuckAfter}. Its ID derives from the order's PAID
     * transition, so raising it again (which the store prevents) would still be recognised downstream.
     */
    static Optional<Alert> stuck(OrderState order, Instant waitingSince, Instant now, Duration stuckAfter) {
        if (!awaitsFulfillment(order.getStatus()) || !isDue(waitingSince, now, stuckAfter)) {
            return Optional.empty();
        }
        String cause = paid(order).map(OrderEvent::getEventId).orElse(order.getOrderId());
        Duration waited = Duration.between(waitingSince, now).truncatedTo(ChronoUnit.SECONDS);
        String orderId = order.getOrderId();
        String saga = "GET /fulfillment/" + orderId + " on fulfillment-stream (port 8082)";
        String detail = order.getStatus() == OrderStatus.PAID
                ? "order " + orderId + " was paid " + waited + " ago (at " + waitingSince + ") and fulfillment was never requested,"
                        + " which fulfillment-stream does within seconds of a payment: check that fulfillment-stream is running and"
                        + " its lag on orders.events, then " + saga + "; ship the order by hand or refund it if the saga cannot"
                : "order " + orderId + " was paid " + waited + " ago (at " + waitingSince + ") and fulfillment request "
                        + order.getFulfillmentRequestId() + " is not accepted yet: " + saga + " shows the attempts and what the"
                        + " warehouse answered; check that fulfillment-stream and its dispatcher are running and their lag, then"
                        + " the warehouse; ship the order by hand or refund it if the warehouse cannot take it";
        return Optional.of(alert(STUCK, Severity.WARNING, cause, orderId, detail, now));
    }

    /**
     * The {@code order-unstuck} alert when an order raised as stuck at {@code raisedAt} stops
     * waiting with this decision, in the decision's transition that moved it on.
     */
    static Optional<Alert> unstuck(OrderState before, Decision decided, Optional<Instant> raisedAt) {
        if (raisedAt.isEmpty() || !awaitsFulfillment(before.getStatus()) || awaitsFulfillment(decided.next().getStatus())) {
            return Optional.empty();
        }
        return decided.transitions().stream().filter(t -> !awaitsFulfillment(t.getTo())).findFirst().map(movedOn -> alert(
                UNSTUCK, Severity.INFO, movedOn.getCauseEventId(), before.getOrderId(),
                "order " + before.getOrderId() + " no longer waits for fulfillment: it became " + movedOn.getTo() + " ("
                        + movedOn.getCause() + ") at " + movedOn.getAt() + ". The order-stuck alert raised at " + raisedAt.get()
                        + " is cleared; nothing left to do for it", movedOn.getAt()));
    }

    private static Alert alert(String kind, Severity severity, String causeEventId, String orderId, String detail, Instant at) {
        return Alert.newBuilder()
                .setEventId(EventIds.derived(causeEventId, kind))
                .setCauseEventId(causeEventId)
                .setKind(kind)
                .setSeverity(severity)
                .setSubject(orderId)
                .setDetail(detail)
                .setAt(at)
                .build();
    }
}
