package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.EventIds;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The order state machine of DESIGN.md as pure functions: the current state and one input in,
 * a {@link Decision} out. No Kafka here, so every rule is tested without a broker.
 *
 * <p>A payment is recorded once per transaction ID whatever event announced it, so two
 * different events for one charge change the order once.
 */
public final class OrderStateMachine {

    /** States in which the customer has not paid yet, so a successful charge pays the order. */
    private static final Set<OrderStatus> AWAITING_PAYMENT = EnumSet.of(OrderStatus.PENDING, OrderStatus.PAYMENT_FAILED);

    private OrderStateMachine() {
    }

    /** The state of an order nobody has heard of yet. */
    public static OrderState unknown(String orderId) {
        return OrderState.newBuilder().setOrderId(orderId).build();
    }

    public static Decision place(OrderState current, OrderPlaced placed, Instant now) {
        if (current.getStatus() != null) {
            return refuseRepeatedPlacement(current, placed, now);
        }
        var next = OrderState.newBuilder(current)
                .setStatus(OrderStatus.PENDING)
                .setCustomerEmail(placed.getCustomerEmail())
                .setAmountMinor(placed.getAmountMinor())
                .setCurrency(placed.getCurrency())
                .setItems(new ArrayList<>(placed.getItems()))
                .setPlacedAt(placed.getPlacedAt())
                .setHeldPayments(new ArrayList<>())
                .build();
        var created = transition(next, null, OrderStatus.PENDING, "order-placed", placed.getEventId(), now);
        var outcome = new Outcome(next);
        outcome.transitions.add(created);
        // payments that arrived before their order are applied now, in the order they arrived
        for (PaymentEvent held : current.getHeldPayments()) {
            outcome.absorb(apply(outcome.state, held, now));
        }
        return outcome.decision(Optional.empty());
    }

    public static Decision apply(OrderState current, PaymentEvent payment, Instant now) {
        if (current.getStatus() == null) {
            return hold(current, payment);
        }
        return switch (payment.getKind()) {
            case SUCCEEDED -> succeeded(current, payment, now);
            case FAILED -> failed(current, payment, now);
            case REFUNDED, DISPUTED, UNSUPPORTED -> recordUnhandled(current, payment, now);
        };
    }

    private static Decision succeeded(OrderState current, PaymentEvent payment, Instant now) {
        if (isRecorded(current, payment)) {
            return unchanged(current, "charge " + payment.getTransactionId() + " is already recorded on this order");
        }
        var payments = new ArrayList<>(current.getPayments());
        payments.add(payment);
        OrderStatus from = current.getStatus();
        if (!AWAITING_PAYMENT.contains(from)) {
            return extraCharge(OrderState.newBuilder(current).setPayments(payments).build(), payment, now);
        }
        boolean matches = payment.getAmountMinor() == current.getAmountMinor()
                && payment.getCurrency().equals(current.getCurrency());
        OrderStatus to = matches ? OrderStatus.PAID : OrderStatus.NEEDS_REVIEW;
        var next = OrderState.newBuilder(current).setPayments(payments).setStatus(to).build();
        var outcome = new Outcome(next);
        outcome.transitions.add(transition(next, from, to, "payment-succeeded", payment.getEventId(), now));
        if (!matches) {
            outcome.alerts.add(alert(payment, "amount-mismatch", Severity.CRITICAL,
                    "order " + current.getOrderId() + " expects " + money(current.getAmountMinor(), current.getCurrency())
                            + " but charge " + payment.getTransactionId() + " paid "
                            + money(payment.getAmountMinor(), payment.getCurrency())
                            + ": check the order and the charge, then refund or fulfil by hand", now));
        }
        return outcome.decision(Optional.empty());
    }

    /** A second successful charge for an order that is already paid: keep it on record and give it back. */
    private static Decision extraCharge(OrderState withPayment, PaymentEvent payment, Instant now) {
        OrderStatus status = withPayment.getStatus();
        var outcome = new Outcome(withPayment);
        outcome.record(status, "extra-charge", payment.getEventId(), now);
        outcome.refunds.add(RefundRequested.newBuilder()
                .setEventId(EventIds.derived(payment.getEventId(), "refund-extra-charge"))
                .setCauseEventId(payment.getEventId())
                .setOrderId(withPayment.getOrderId())
                .setRefundRequestId("refund-" + payment.getTransactionId())
                .setTransactionId(payment.getTransactionId())
                .setAmountMinor(payment.getAmountMinor())
                .setCurrency(payment.getCurrency())
                .setReason("extra charge for an order that is already " + status)
                .setRequestedAt(now)
                .build());
        outcome.alerts.add(alert(payment, "extra-charge", Severity.WARNING,
                "order " + withPayment.getOrderId() + " was charged again by " + payment.getTransactionId()
                        + " while " + status + ": a refund of the extra charge was requested", now));
        return outcome.decision(Optional.of("order is already " + status + "; refund requested for the extra charge"));
    }

    private static Decision failed(OrderState current, PaymentEvent payment, Instant now) {
        var failures = new ArrayList<>(current.getFailedPayments());
        failures.add(payment);
        OrderStatus from = current.getStatus();
        var next = OrderState.newBuilder(current).setFailedPayments(failures).build();
        if (from == OrderStatus.PENDING) {
            next.setStatus(OrderStatus.PAYMENT_FAILED);
            var outcome = new Outcome(next);
            outcome.transitions.add(transition(next, from, OrderStatus.PAYMENT_FAILED, "payment-failed", payment.getEventId(), now));
            return outcome.decision(Optional.empty());
        }
        if (from == OrderStatus.PAYMENT_FAILED) {
            // another failed attempt: kept in failedPayments, the order still waits for a payment
            return new Decision(next, List.of(), List.of(), List.of(), Optional.of("order is already PAYMENT_FAILED"));
        }
        var outcome = new Outcome(next);
        outcome.record(from, "payment-failed-ignored", payment.getEventId(), now);
        return outcome.decision(Optional.of("a failed payment does not change an order that is " + from));
    }

    private static Decision recordUnhandled(OrderState current, PaymentEvent payment, Instant now) {
        var outcome = new Outcome(OrderState.newBuilder(current).build());
        String kind = payment.getKind().name().toLowerCase();
        outcome.record(current.getStatus(), "payment-" + kind + "-not-handled", payment.getEventId(), now);
        outcome.alerts.add(alert(payment, "unhandled-payment-event", Severity.WARNING,
                "order " + current.getOrderId() + " got a " + kind + " event for " + payment.getTransactionId()
                        + " that Tally does not act on yet: handle it with the processor by hand", now));
        return outcome.decision(Optional.of(kind + " events are not handled yet"));
    }

    private static Decision hold(OrderState current, PaymentEvent payment) {
        boolean alreadyHeld = current.getHeldPayments().stream()
                .anyMatch(h -> h.getEventId().equals(payment.getEventId()));
        if (alreadyHeld) {
            return unchanged(current, "payment event " + payment.getEventId() + " is already held");
        }
        var held = new ArrayList<>(current.getHeldPayments());
        held.add(payment);
        var next = OrderState.newBuilder(current).setHeldPayments(held).build();
        return new Decision(next, List.of(), List.of(), List.of(), Optional.of("held until order " + current.getOrderId() + " is placed"));
    }

    private static Decision refuseRepeatedPlacement(OrderState current, OrderPlaced placed, Instant now) {
        boolean sameOrder = placed.getAmountMinor() == current.getAmountMinor()
                && placed.getCurrency().equals(current.getCurrency())
                && placed.getCustomerEmail().equals(current.getCustomerEmail())
                && placed.getItems().equals(current.getItems());
        if (sameOrder) {
            return unchanged(current, "order " + current.getOrderId() + " is already placed");
        }
        var outcome = new Outcome(OrderState.newBuilder(current).build());
        outcome.record(current.getStatus(), "conflicting-placement-ignored", placed.getEventId(), now);
        outcome.alerts.add(Alert.newBuilder()
                .setEventId(EventIds.derived(placed.getEventId(), "conflicting-placement"))
                .setCauseEventId(placed.getEventId())
                .setKind("conflicting-order-placement")
                .setSeverity(Severity.WARNING)
                .setSubject(current.getOrderId())
                .setDetail("order " + current.getOrderId() + " was placed again with different contents; the first placement stands."
                        + " Place a new order with a new order ID to change it")
                .setAt(now)
                .build());
        return outcome.decision(Optional.of("order " + current.getOrderId() + " is already placed with different contents"));
    }

    private static boolean isRecorded(OrderState state, PaymentEvent payment) {
        return state.getPayments().stream().anyMatch(p -> p.getTransactionId().equals(payment.getTransactionId()));
    }

    private static Decision unchanged(OrderState current, String reason) {
        return new Decision(current, List.of(), List.of(), List.of(), Optional.of(reason));
    }

    private static OrderEvent transition(OrderState order, OrderStatus from, OrderStatus to, String cause,
                                         String causeEventId, Instant now) {
        var event = OrderEvent.newBuilder()
                .setEventId(EventIds.derived(causeEventId, "order-" + order.getOrderId() + "-" + to))
                .setCauseEventId(causeEventId)
                .setOrderId(order.getOrderId())
                .setFrom(from)
                .setTo(to)
                .setCause(cause)
                .setAt(now)
                .build();
        var history = new ArrayList<>(order.getHistory());
        history.add(event);
        order.setHistory(history);
        return event;
    }

    private static Alert alert(PaymentEvent payment, String kind, Severity severity, String detail, Instant now) {
        return Alert.newBuilder()
                .setEventId(EventIds.derived(payment.getEventId(), kind))
                .setCauseEventId(payment.getEventId())
                .setKind(kind)
                .setSeverity(severity)
                .setSubject(payment.getOrderId())
                .setDetail(detail)
                .setAt(now)
                .build();
    }

    private static String money(long minor, String currency) {
        return minor + " " + currency + " (minor units)";
    }

    /** Accumulates one input's effects, including held payments replayed by a placement. */
    private static final class Outcome {
        private OrderState state;
        private final List<OrderEvent> transitions = new ArrayList<>();
        private final List<Alert> alerts = new ArrayList<>();
        private final List<RefundRequested> refunds = new ArrayList<>();

        Outcome(OrderState state) {
            this.state = state;
        }

        /** An input the state cannot accept: kept in the history with the state unchanged (from == to), not published as a transition. */
        void record(OrderStatus status, String cause, String causeEventId, Instant now) {
            var entry = OrderEvent.newBuilder()
                    .setEventId(EventIds.derived(causeEventId, "recorded-" + cause))
                    .setCauseEventId(causeEventId)
                    .setOrderId(state.getOrderId())
                    .setFrom(status)
                    .setTo(status)
                    .setCause(cause)
                    .setAt(now)
                    .build();
            var history = new ArrayList<>(state.getHistory());
            history.add(entry);
            state.setHistory(history);
        }

        void absorb(Decision decision) {
            state = decision.next();
            transitions.addAll(decision.transitions());
            alerts.addAll(decision.alerts());
            refunds.addAll(decision.refunds());
        }

        Decision decision(Optional<String> refusal) {
            return new Decision(state, transitions, alerts, refunds, refusal);
        }
    }
}
