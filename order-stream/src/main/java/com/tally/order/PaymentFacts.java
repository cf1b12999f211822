package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.EventIds;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Severity;
import com.tally.schemas.WebhookReceived;
import java.util.Optional;

/**
 * What a webhook says about a payment, as pure functions: which delivery it is, which fact it
 * states, and the payment event it becomes or, when it names no order, the alert it raises
 * instead. No Kafka here.
 */
final class PaymentFacts {

    private PaymentFacts() {
    }

    /**
     * Which delivery this is; every webhook has one. Processors retry a delivery (Stripe for 3 days,
     * Adyen for 30) under the same provider event ID.
     */
    static Optional<String> deliveryKey(WebhookReceived hook) {
        return Optional.of(hook.getProvider() + ":" + hook.getProviderEventId());
    }

    /**
     * The fact a webhook states, if it is one that must count once: a successful charge once per
     * transaction ID (two different events for one charge, {@code charge.succeeded} and
     * {@code payment_intent.succeeded}, change the order once), a refund once per refund ID (so two
     * partial refunds of one charge both count). A failed attempt has no such key: every failed
     * attempt is its own fact. Past the dedupe retention the order's own state still knows each
     * charge and refund, so a very late repeat changes nothing either.
     */
    static Optional<String> factKey(WebhookReceived hook) {
        return switch (hook.getKind()) {
            case SUCCEEDED -> Optional.of("charge:" + hook.getTransactionId());
            case REFUNDED -> Optional.of("refund:" + Optional.ofNullable(hook.getRefundId()).orElse(hook.getProviderEventId()));
            case FAILED, DISPUTED, UNSUPPORTED -> Optional.empty();
        };
    }

    /** The provider's facts without the raw body and headers, under an event ID derived from the webhook's, so a replay derives the same. */
    static PaymentEvent toPaymentEvent(WebhookReceived hook) {
        return PaymentEvent.newBuilder()
                .setEventId(EventIds.derived(hook.getEventId(), "payment-event"))
                .setCauseEventId(hook.getEventId())
                .setOrderId(hook.getOrderId())
                .setTransactionId(hook.getTransactionId())
                .setKind(hook.getKind())
                .setProvider(hook.getProvider())
                .setProviderEventId(hook.getProviderEventId())
                .setAmountMinor(hook.getAmountMinor())
                .setCurrency(hook.getCurrency())
                .setRefundId(hook.getRefundId())
                .setFailureReason(hook.getFailureReason())
                .setOccurredAt(hook.getOccurredAt())
                .build();
    }

    /** The money moved but Tally cannot tell for which order: somebody must look. */
    static Alert paymentWithoutOrderId(WebhookReceived hook) {
        return Alert.newBuilder()
                .setEventId(EventIds.derived(hook.getEventId(), "payment-without-order-id"))
                .setCauseEventId(hook.getEventId())
                .setKind("payment-without-order-id")
                .setSeverity(hook.getKind() == PaymentKind.SUCCEEDED ? Severity.CRITICAL : Severity.WARNING)
                .setSubject(hook.getTransactionId())
                .setDetail(hook.getProvider() + " event " + hook.getProviderEventId() + " (" + hook.getProviderEventType()
                        + ") for " + hook.getTransactionId() + " carries no order ID: find the order with the processor"
                        + " and set its order_id metadata, or refund the charge")
                .setAt(hook.getReceivedAt())
                .build();
    }
}
