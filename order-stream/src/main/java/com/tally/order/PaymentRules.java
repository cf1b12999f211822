package com.tally.order;

import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.RefundCause;
import com.tally.schemas.Severity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Set;

/**
 * What a payment fact does to a placed order. A charge is recorded once per transaction ID and a
 * refund once per refund ID, whatever event announced them, and each books its ledger entry.
 */
final class PaymentRules {

    /** States in which the customer has not paid yet, so a successful charge pays the order. */
    private static final Set<OrderStatus> AWAITING_PAYMENT = EnumSet.of(OrderStatus.PENDING, OrderStatus.PAYMENT_FAILED);

    private PaymentRules() {
    }

    static Decision succeeded(Outcome outcome, PaymentEvent payment) {
        OrderState current = outcome.state();
        if (current.getChargeAccounts().containsKey(payment.getTransactionId())) {
            return Decision.unchanged(current, "charge " + payment.getTransactionId() + " is already recorded on this order");
        }
        var payments = new ArrayList<>(current.getPayments());
        payments.add(payment);
        current.setPayments(payments);
        if (!AWAITING_PAYMENT.contains(current.getStatus())) {
            return extraCharge(outcome, payment);
        }
        boolean sameCurrency = payment.getCurrency().equals(current.getCurrency());
        boolean matches = sameCurrency && payment.getAmountMinor() == current.getAmountMinor();
        String account = matches ? Ledger.SALES : Ledger.SUSPENSE;
        creditCharge(outcome, payment, account);
        outcome.transition(matches ? OrderStatus.PAID : OrderStatus.NEEDS_REVIEW, "payment-succeeded", payment.getEventId());
        if (!matches) {
            outcome.anomaly(sameCurrency ? "amount-mismatch" : "currency-mismatch", Severity.CRITICAL, payment.getEventId(),
                    "order " + current.getOrderId() + " expects " + money(current.getAmountMinor(), current.getCurrency())
                            + " but charge " + payment.getTransactionId() + " paid " + money(payment.getAmountMinor(), payment.getCurrency())
                            + " (booked to suspense): check the order and the charge, then refund it or fulfil the order by hand");
        }
        return outcome.decided();
    }

    /** A second successful charge for an order that is no longer waiting for one: kept on record, owed back, refund requested once. */
    private static Decision extraCharge(Outcome outcome, PaymentEvent payment) {
        OrderStatus status = outcome.state().getStatus();
        creditCharge(outcome, payment, Ledger.REFUNDS_PAYABLE);
        outcome.requestRefund(payment.getEventId(), payment, RefundCause.EXTRA_CHARGE, "extra charge for an order that is already " + status);
        outcome.anomaly("extra-charge", Severity.WARNING, payment.getEventId(),
                "order " + outcome.orderId() + " was charged again by " + payment.getTransactionId() + " ("
                        + money(payment.getAmountMinor(), payment.getCurrency()) + ") while " + status
                        + ": refund " + Outcome.refundRequestId(payment.getTransactionId())
                        + " was requested; check that the customer gets it back");
        return outcome.refused("order is already " + status + "; refund requested for the extra charge");
    }

    private static void creditCharge(Outcome outcome, PaymentEvent payment, String account) {
        var accounts = new HashMap<>(outcome.state().getChargeAccounts());
        accounts.put(payment.getTransactionId(), account);
        outcome.state().setChargeAccounts(accounts);
        outcome.book(payment.getEventId(), "charge", Ledger.processor(payment.getProvider()), account,
                payment.getAmountMinor(), payment.getCurrency());
    }

    static Decision failed(Outcome outcome, PaymentEvent payment) {
        OrderState current = outcome.state();
        var failures = new ArrayList<>(current.getFailedPayments());
        failures.add(payment);
        current.setFailedPayments(failures);
        OrderStatus from = current.getStatus();
        if (from == OrderStatus.PENDING) {
            outcome.transition(OrderStatus.PAYMENT_FAILED, "payment-failed", payment.getEventId());
            return outcome.decided();
        }
        // a failed attempt never undoes a payment: kept in the timeline, the order unchanged
        outcome.record(from == OrderStatus.PAYMENT_FAILED ? "payment-failed-again" : "payment-failed-ignored", payment.getEventId(),
                "attempt " + payment.getTransactionId() + " failed: " + payment.getFailureReason());
        return outcome.refused("a failed payment does not change an order that is " + from);
    }

    static Decision refunded(Outcome outcome, PaymentEvent refund) {
        OrderState current = outcome.state();
        boolean known = current.getRefunds().stream().anyMatch(r -> refundId(r).equals(refundId(refund)));
        if (known) {
            return Decision.unchanged(current, "refund " + refundId(refund) + " is already recorded on this order");
        }
        var refunds = new ArrayList<>(current.getRefunds());
        refunds.add(refund);
        current.setRefunds(refunds);
        String chargedTo = current.getChargeAccounts().get(refund.getTransactionId());
        String processor = Ledger.processor(refund.getProvider());
        if (chargedTo == null) {
            outcome.book(refund.getEventId(), "refund", Ledger.SUSPENSE, processor, refund.getAmountMinor(), refund.getCurrency());
            outcome.anomaly("refund-for-unknown-charge", Severity.WARNING, refund.getEventId(),
                    "refund " + refundId(refund) + " of " + money(refund.getAmountMinor(), refund.getCurrency()) + " names charge "
                            + refund.getTransactionId() + ", which order " + current.getOrderId()
                            + " never recorded (booked to suspense): check the charge with the processor");
            return outcome.decided();
        }
        outcome.book(refund.getEventId(), "refund", chargedTo, processor, refund.getAmountMinor(), refund.getCurrency());
        if (Ledger.REFUNDS_PAYABLE.equals(chargedTo)) {
            outcome.record("extra-charge-refunded", refund.getEventId(), "the extra charge " + refund.getTransactionId() + " was given back");
            return outcome.decided();
        }
        if (!RefundRules.fullyRefunded(current)) {
            outcome.record("partial-refund", refund.getEventId(),
                    money(refund.getAmountMinor(), refund.getCurrency()) + " of " + refund.getTransactionId() + " refunded");
            return outcome.decided();
        }
        OrderStatus from = current.getStatus();
        outcome.transition(OrderStatus.REFUNDED, "refunded", refund.getEventId());
        if (from != OrderStatus.REFUND_REQUESTED) {
            outcome.anomaly("refund-not-requested", Severity.WARNING, refund.getEventId(),
                    "order " + current.getOrderId() + " was refunded in full at the processor while " + from
                            + ", without a refund request through Tally: make sure nothing is still being shipped");
        }
        return outcome.decided();
    }

    static Decision disputed(Outcome outcome, PaymentEvent dispute) {
        OrderState current = outcome.state();
        boolean known = current.getDisputes().stream().anyMatch(d -> d.getProviderEventId().equals(dispute.getProviderEventId()));
        if (known) {
            return Decision.unchanged(current, "dispute " + dispute.getProviderEventId() + " is already recorded on this order");
        }
        var disputes = new ArrayList<>(current.getDisputes());
        disputes.add(dispute);
        current.setDisputes(disputes);
        outcome.book(dispute.getEventId(), "dispute", Ledger.DISPUTES, Ledger.processor(dispute.getProvider()),
                dispute.getAmountMinor(), dispute.getCurrency());
        outcome.anomaly("payment-disputed", Severity.CRITICAL, dispute.getEventId(),
                "the customer disputes charge " + dispute.getTransactionId() + " of order " + current.getOrderId() + " ("
                        + money(dispute.getAmountMinor(), dispute.getCurrency()) + ", reason: " + dispute.getFailureReason()
                        + "): answer the dispute with the processor, with the order's history as evidence");
        return outcome.refused("a dispute is recorded; the order stays " + current.getStatus());
    }

    static String refundId(PaymentEvent refund) {
        return refund.getRefundId() != null ? refund.getRefundId() : refund.getProviderEventId();
    }

    static String money(long minor, String currency) {
        return minor + " " + currency + " (minor units)";
    }
}
