package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The order state machine of DESIGN.md as pure functions: the current state and one input in,
 * a {@link Decision} out. No Kafka here, so every rule is tested without a broker.
 *
 * <pre>
 * PENDING --payment succeeded--> PAID --> FULFILLMENT_REQUESTED --> FULFILLMENT_ACCEPTED --> SHIPPED --> DELIVERED
 * PENDING --payment failed--> PAYMENT_FAILED --payment succeeded--> PAID
 * PAID, FULFILLMENT_*, NEEDS_REVIEW --refund requested / fulfillment rejected--> REFUND_REQUESTED --refunded--> REFUNDED
 * </pre>
 * The rules for each kind of input live in {@link PaymentRules}, {@link FulfillmentRules} and
 * {@link RefundRules}; this class routes, places orders and holds payments for unknown orders.
 */
public final class OrderStateMachine {

    static final String INGEST = "ingest-service";
    /**
     * This service's name in the records it writes ({@code requestedBy}, {@code service}): a contract
     * value that other services and this app's own refund filter read. It is not the Kafka
     * application ID, though today both are spelled alike.
     */
    static final String ORDER_STREAM = "order-stream";

    static {
        AvroSerde.trustGeneratedClasses();
    }

    private OrderStateMachine() {
    }

    /** The state of an order nobody has heard of yet. */
    public static OrderState unknown(String orderId) {
        return OrderState.newBuilder().setOrderId(orderId).build();
    }

    public static Decision place(OrderState current, OrderPlaced placed, Instant now) {
        var outcome = new Outcome(current, now, INGEST);
        if (current.getStatus() != null) {
            return refuseRepeatedPlacement(outcome, current, placed);
        }
        outcome.replace(OrderState.newBuilder(outcome.state())
                .setCustomerEmail(placed.getCustomerEmail())
                .setAmountMinor(placed.getAmountMinor())
                .setCurrency(placed.getCurrency())
                .setItems(new ArrayList<>(placed.getItems()))
                .setPlacedAt(placed.getPlacedAt())
                .setHeldPayments(new ArrayList<>())
                .setHeldSince(null)
                .build());
        outcome.transition(OrderStatus.PENDING, "order-placed", placed.getEventId());
        // payments that arrived before their order are applied now, in the order they arrived
        for (PaymentEvent held : current.getHeldPayments()) {
            outcome.absorb(apply(outcome.state(), held, outcome.at()));
        }
        return outcome.decided();
    }

    public static Decision apply(OrderState current, PaymentEvent payment, Instant now) {
        if (current.getStatus() == null) {
            return hold(current, payment, now);
        }
        var outcome = new Outcome(current, now, INGEST);
        return switch (payment.getKind()) {
            case SUCCEEDED -> PaymentRules.succeeded(outcome, payment);
            case FAILED -> PaymentRules.failed(outcome, payment);
            case REFUNDED -> PaymentRules.refunded(outcome, payment);
            case DISPUTED -> PaymentRules.disputed(outcome, payment);
            case UNSUPPORTED -> Decision.unchanged(current, "event type " + payment.getProviderEventId() + " is not acted on");
        };
    }

    public static Decision fulfillmentRequested(OrderState current, FulfillmentRequested request, Instant now) {
        if (current.getStatus() == null) {
            return forUnknownOrder(current, "fulfillment request " + request.getRequestId(), request.getEventId(), now);
        }
        return FulfillmentRules.requested(new Outcome(current, now, FulfillmentRules.FULFILLMENT_STREAM), request);
    }

    public static Decision fulfillmentResult(OrderState current, FulfillmentResult result, Instant now, Compensation compensation) {
        if (current.getStatus() == null) {
            return forUnknownOrder(current, "fulfillment result " + result.getOutcome(), result.getEventId(), now);
        }
        return FulfillmentRules.result(new Outcome(current, now, FulfillmentRules.DISPATCHER), result, compensation);
    }

    public static Decision refundRequested(OrderState current, RefundRequested request, Instant now) {
        if (current.getStatus() == null) {
            return forUnknownOrder(current, "refund request " + request.getRefundRequestId(), request.getEventId(), now);
        }
        return RefundRules.requested(new Outcome(current, now, request.getRequestedBy()), request);
    }

    /**
     * Payments held longer than the timeout for an order that never arrived: somebody charged a
     * customer for an order Tally does not know. Raised once; the payments stay held in case it comes.
     */
    public static Decision unmatchedPaymentTimedOut(OrderState current, Instant now) {
        if (current.getStatus() != null || current.getHeldPayments().isEmpty()) {
            return Decision.unchanged(current, "no payment is held for an unknown order");
        }
        PaymentEvent first = current.getHeldPayments().get(0);
        boolean charged = current.getHeldPayments().stream().anyMatch(p -> p.getKind() == PaymentKind.SUCCEEDED);
        var outcome = new Outcome(current, now, ORDER_STREAM);
        outcome.anomaly("payment-for-unknown-order", charged ? Severity.CRITICAL : Severity.WARNING, first.getEventId(),
                current.getHeldPayments().size() + " payment event(s) (first: " + first.getTransactionId() + " from "
                        + first.getProvider() + ") name order " + current.getOrderId() + ", which was never placed"
                        + " (held since " + current.getHeldSince() + "): find the order in the shop, place it with POST /orders,"
                        + " or refund the charge with the processor");
        return outcome.decided();
    }

    private static Decision hold(OrderState current, PaymentEvent payment, Instant now) {
        boolean alreadyHeld = current.getHeldPayments().stream().anyMatch(h -> h.getEventId().equals(payment.getEventId()));
        if (alreadyHeld) {
            return Decision.unchanged(current, "payment event " + payment.getEventId() + " is already held");
        }
        var held = new ArrayList<>(current.getHeldPayments());
        held.add(payment);
        var next = OrderState.newBuilder(current)
                .setHeldPayments(held)
                .setHeldSince(current.getHeldSince() == null ? now : current.getHeldSince())
                .build();
        return new Decision(next, List.of(), List.of(), List.of(), List.of(),
                Optional.of("held until order " + current.getOrderId() + " is placed"));
    }

    /** Only payments wait for their order; anything else for an order never placed is raised and not stored. */
    private static Decision forUnknownOrder(OrderState current, String what, String causeEventId, Instant now) {
        var alert = Alert.newBuilder()
                .setEventId(EventIds.derived(causeEventId, "event-for-unknown-order"))
                .setCauseEventId(causeEventId)
                .setKind("event-for-unknown-order")
                .setSeverity(Severity.WARNING)
                .setSubject(current.getOrderId())
                .setDetail(what + " names order " + current.getOrderId() + ", which was never placed: check the sender's order ID")
                .setAt(now)
                .build();
        return new Decision(current, List.of(), List.of(alert), List.of(), List.of(),
                Optional.of(what + " for an order never placed"));
    }

    private static Decision refuseRepeatedPlacement(Outcome outcome, OrderState current, OrderPlaced placed) {
        boolean sameOrder = placed.getAmountMinor() == current.getAmountMinor()
                && placed.getCurrency().equals(current.getCurrency())
                && placed.getCustomerEmail().equals(current.getCustomerEmail())
                && placed.getItems().equals(current.getItems());
        if (sameOrder) {
            return Decision.unchanged(current, "order " + current.getOrderId() + " is already placed");
        }
        outcome.anomaly("conflicting-order-placement", Severity.WARNING, placed.getEventId(),
                "order " + current.getOrderId() + " was placed again with different contents; the first placement stands."
                        + " Place a new order with a new order ID to change it");
        return outcome.refused("order " + current.getOrderId() + " is already placed with different contents");
    }
}
