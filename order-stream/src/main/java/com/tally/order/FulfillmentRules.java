package com.tally.order;

import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.RefundCause;
import com.tally.schemas.Severity;
import java.util.List;

/**
 * The fulfillment half of the order: PAID → FULFILLMENT_REQUESTED → FULFILLMENT_ACCEPTED →
 * SHIPPED → DELIVERED, and a rejection that turns into a refund. Results may arrive late or out
 * of order (a SHIPPED before its ACCEPTED): the order moves forward to the furthest step reported
 * and ignores an older step arriving after it.
 */
final class FulfillmentRules {

    static final String FULFILLMENT_STREAM = "fulfillment-stream";
    static final String DISPATCHER = "fulfillment-dispatcher";
    static final String GAVE_UP = "fulfillment-gave-up";
    static final String GAVE_UP_REFUNDED = "fulfillment-gave-up-refunded";
    static final String REJECTED_HELD = "fulfillment-rejected-held";

    /** The fulfillment steps in order; an order only moves to a later one. */
    private static final List<OrderStatus> STEPS = List.of(OrderStatus.FULFILLMENT_REQUESTED, OrderStatus.FULFILLMENT_ACCEPTED,
            OrderStatus.SHIPPED, OrderStatus.DELIVERED);

    private FulfillmentRules() {
    }

    static Decision requested(Outcome outcome, FulfillmentRequested request) {
        OrderState current = outcome.state();
        if (request.getRequestId().equals(current.getFulfillmentRequestId())) {
            return Decision.unchanged(current, "fulfillment request " + request.getRequestId() + " (attempt " + request.getAttempt()
                    + ") is already recorded");
        }
        if (current.getStatus() != OrderStatus.PAID) {
            notAccepted(outcome, "fulfillment request " + request.getRequestId(), request.getEventId(),
                    "only a PAID order is fulfilled: check fulfillment-stream's saga for this order");
            return outcome.refused("a fulfillment request does not apply to an order that is " + current.getStatus());
        }
        current.setFulfillmentRequestId(request.getRequestId());
        outcome.transition(OrderStatus.FULFILLMENT_REQUESTED, "fulfillment-requested", request.getEventId());
        return outcome.decided();
    }

    static Decision result(Outcome outcome, FulfillmentResult result, Compensation compensation) {
        OrderState current = outcome.state();
        OrderStatus status = current.getStatus();
        int reached = STEPS.indexOf(status);
        if (result.getOutcome() == FulfillmentOutcome.REJECTED) {
            return rejected(outcome, result, reached, compensation.onRejection());
        }
        if (result.getOutcome() == FulfillmentOutcome.TRANSIENT_FAILURE) {
            // the saga retries it: nothing for the order, nothing for a person
            return Decision.unchanged(current, "attempt " + result.getAttempt() + " of request " + result.getRequestId()
                    + " failed for now; fulfillment-stream retries it");
        }
        if (result.getOutcome() == FulfillmentOutcome.GAVE_UP) {
            return gaveUp(outcome, result, compensation.onGiveUp());
        }
        OrderStatus target = switch (result.getOutcome()) {
            case ACCEPTED -> OrderStatus.FULFILLMENT_ACCEPTED;
            case SHIPPED -> OrderStatus.SHIPPED;
            case DELIVERED -> OrderStatus.DELIVERED;
            default -> null;
        };
        if (target == null || reached < 0) {
            notAccepted(outcome, "fulfillment result " + result.getOutcome() + " for request " + result.getRequestId(), result.getEventId(),
                    target == null ? "the warehouse sent an outcome Tally does not know: ask the warehouse what it meant"
                            : "the order is not being fulfilled: check with the warehouse whether goods are moving");
            return outcome.refused("a fulfillment result does not apply to an order that is " + status);
        }
        if (STEPS.indexOf(target) <= reached) {
            return Decision.unchanged(current, "order is already " + status + "; " + result.getOutcome() + " arrived late");
        }
        outcome.transition(target, "fulfillment-" + result.getOutcome().name().toLowerCase(), result.getEventId());
        return outcome.decided();
    }

    private static Decision rejected(Outcome outcome, FulfillmentResult result, int reached, Compensation.Policy policy) {
        OrderState current = outcome.state();
        if (current.getStatus() == OrderStatus.REFUND_REQUESTED || current.getStatus() == OrderStatus.REFUNDED) {
            // the saga's compensation asked for the refund before this result reached the order
            outcome.record("fulfillment-rejected", result.getEventId(), "rejected by the warehouse: " + result.getReason());
            return outcome.refused("the order is already " + current.getStatus());
        }
        if (reached < 0 || current.getStatus() == OrderStatus.SHIPPED || current.getStatus() == OrderStatus.DELIVERED) {
            notAccepted(outcome, "fulfillment rejection of request " + result.getRequestId(), result.getEventId(),
                    "the warehouse rejected an order that is " + current.getStatus() + ": ask the warehouse what happened to the goods");
            return outcome.refused("a rejection does not apply to an order that is " + current.getStatus());
        }
        if (policy == Compensation.Policy.HOLD) {
            if (raised(current, REJECTED_HELD)) {
                return Decision.unchanged(current, "the rejection of request " + result.getRequestId() + " is already held for a person");
            }
            outcome.anomaly(REJECTED_HELD, Severity.CRITICAL, result.getEventId(), "the warehouse rejected order " + current.getOrderId()
                    + " (" + result.getReason() + ") and " + Compensation.ON_REJECTION + " is hold: the order stays "
                    + current.getStatus() + ", paid and not shipping. Ship it another way, or refund the customer with the processor");
            return outcome.refused("rejected by the warehouse; held for a person by policy");
        }
        // compensation: the customer paid for something that will not come
        RefundRules.refundOrderCharges(outcome, result.getEventId(), RefundCause.FULFILLMENT_REJECTED, "fulfillment rejected: " + result.getReason());
        outcome.transition(OrderStatus.REFUND_REQUESTED, "fulfillment-rejected", result.getEventId());
        outcome.anomaly("fulfillment-rejected", Severity.WARNING, result.getEventId(),
                "the warehouse rejected order " + current.getOrderId() + " (" + result.getReason() + ") and "
                        + Compensation.ON_REJECTION + " is refund: a refund was requested; tell the customer the order will not ship");
        return outcome.decided();
    }

    /**
     * The saga's last attempt failed too: the order stays as it is (paid, fulfillment requested)
     * and a person decides, once however often the verdict is delivered (an order has one
     * fulfillment request: its ID is derived from the order ID alone).
     */
    private static Decision gaveUp(Outcome outcome, FulfillmentResult result, Compensation.Policy policy) {
        OrderState current = outcome.state();
        if (current.getStatus() != OrderStatus.PAID && current.getStatus() != OrderStatus.FULFILLMENT_REQUESTED) {
            // the warehouse took the request (an answer the saga counted as late, or goods reported moving), or the
            // order left the paid states: whatever the saga concluded from the attempts it counted, nothing is owed
            outcome.record(GAVE_UP, result.getEventId(), "fulfillment-stream gave up on request " + result.getRequestId()
                    + " after the order had moved on to " + current.getStatus() + "; nothing to do");
            return outcome.refused("the order moved on before the give-up; it stays " + current.getStatus());
        }
        if (raised(current, GAVE_UP) || raised(current, GAVE_UP_REFUNDED)) {
            return Decision.unchanged(current, "fulfillment of request " + result.getRequestId() + " was already given up");
        }
        if (policy == Compensation.Policy.REFUND) {
            RefundRules.refundOrderCharges(outcome, result.getEventId(), RefundCause.FULFILLMENT_GAVE_UP,
                    "fulfillment given up: " + result.getReason());
            outcome.transition(OrderStatus.REFUND_REQUESTED, GAVE_UP, result.getEventId());
            outcome.anomaly(GAVE_UP_REFUNDED, Severity.WARNING, result.getEventId(), "fulfillment-stream gave up on request "
                    + result.getRequestId() + " of order " + current.getOrderId() + " after " + result.getAttempt() + " attempts ("
                    + result.getReason() + ") and " + Compensation.ON_GIVE_UP + " is refund: a refund was requested. Tell the"
                    + " customer the order will not ship, and make sure the warehouse does not ship it late");
            return outcome.decided();
        }
        outcome.anomaly(GAVE_UP, Severity.CRITICAL, result.getEventId(),
                "fulfillment-stream gave up on request " + result.getRequestId() + " of order " + current.getOrderId() + " after "
                        + result.getAttempt() + " attempts (" + result.getReason() + ") and " + Compensation.ON_GIVE_UP
                        + " is hold: the order is paid and not shipped. Find out"
                        + " why the warehouse does not take it, then ship it by hand or refund the customer");
        return outcome.refused("fulfillment given up; the order stays " + current.getStatus());
    }

    private static boolean raised(OrderState state, String kind) {
        return state.getAnomalies().stream().anyMatch(a -> a.getKind().equals(kind));
    }

    /** An input the order's state cannot accept: kept in its history, the state unchanged, and raised. */
    static void notAccepted(Outcome outcome, String what, String causeEventId, String whatToDo) {
        OrderStatus status = outcome.state().getStatus();
        boolean goodsMoved = status == OrderStatus.SHIPPED || status == OrderStatus.DELIVERED;
        outcome.anomaly("event-not-accepted", goodsMoved ? Severity.CRITICAL : Severity.WARNING, causeEventId,
                what + " cannot apply to order " + outcome.orderId() + " while it is " + status + ": " + whatToDo);
    }
}
