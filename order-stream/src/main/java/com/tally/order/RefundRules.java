package com.tally.order;

import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.RefundCause;
import com.tally.schemas.RefundRequested;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;

/** Refund requests from {@code payments.refunds}, and when the refunds recorded cover the order. */
final class RefundRules {

    /** Where DESIGN.md lets a refund request take the order; NEEDS_REVIEW too, as one way a review ends. */
    private static final Set<OrderStatus> REFUNDABLE = EnumSet.of(OrderStatus.PAID, OrderStatus.FULFILLMENT_REQUESTED,
            OrderStatus.FULFILLMENT_ACCEPTED, OrderStatus.NEEDS_REVIEW);

    private RefundRules() {
    }

    static Decision requested(Outcome outcome, RefundRequested request) {
        OrderState current = outcome.state();
        boolean known = current.getRefundRequests().stream()
                .anyMatch(r -> r.getRefundRequestId().equals(request.getRefundRequestId()));
        if (known) {
            // this app's own requests come back on payments.refunds; a repeat is the same request
            return Decision.unchanged(current, "refund request " + request.getRefundRequestId() + " is already recorded");
        }
        if (!REFUNDABLE.contains(current.getStatus())) {
            FulfillmentRules.notAccepted(outcome, "refund request " + request.getRefundRequestId() + " from " + request.getRequestedBy(),
                    request.getEventId(), current.getStatus() == OrderStatus.SHIPPED || current.getStatus() == OrderStatus.DELIVERED
                            ? "the goods are already shipped: handle it as a return, then refund with the processor"
                            : "check why a refund was asked for; nothing was paid or it is already refunded");
            return outcome.refused("a refund request does not apply to an order that is " + current.getStatus());
        }
        var requests = new ArrayList<>(current.getRefundRequests());
        requests.add(request);
        current.setRefundRequests(requests);
        outcome.transition(OrderStatus.REFUND_REQUESTED, "refund-requested", request.getEventId());
        return outcome.decided();
    }

    /** The order's own charges (not extra ones, which are owed back separately) are refunded in full. */
    static boolean fullyRefunded(OrderState state) {
        long charged = state.getPayments().stream().filter(p -> isOrderCharge(state, p.getTransactionId()))
                .mapToLong(PaymentEvent::getAmountMinor).sum();
        long refunded = state.getRefunds().stream().filter(r -> isOrderCharge(state, r.getTransactionId()))
                .mapToLong(PaymentEvent::getAmountMinor).sum();
        return charged > 0 && refunded >= charged;
    }

    static boolean isOrderCharge(OrderState state, String transactionId) {
        String account = state.getChargeAccounts().get(transactionId);
        return Ledger.SALES.equals(account) || Ledger.SUSPENSE.equals(account);
    }

    /** Compensation when the order cannot be fulfilled: one refund request per charge of the order not yet asked for. */
    static void refundOrderCharges(Outcome outcome, String causeEventId, RefundCause cause, String reason) {
        OrderState state = outcome.state();
        for (PaymentEvent charge : state.getPayments()) {
            String requestId = Outcome.refundRequestId(charge.getTransactionId());
            boolean asked = state.getRefundRequests().stream().anyMatch(r -> r.getRefundRequestId().equals(requestId));
            if (isOrderCharge(state, charge.getTransactionId()) && !asked) {
                outcome.requestRefund(causeEventId, charge, cause, reason);
            }
        }
    }
}
