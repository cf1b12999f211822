package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.EventIds;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Severity;
import com.tally.schemas.WebhookReceived;

/**
 * What a webhook says about a payment, as pure functions: the payment event it becomes, or, when
 * it names no order, the alert it raises instead. No Kafka here.
 */
final class PaymentFacts {

    private PaymentFacts() {
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
