package com.tally.order;

import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.OrderItem;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.WebhookReceived;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test records with realistic values; each test changes only what it is about. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private Fixtures() {
    }

    static OrderPlaced order(String orderId, long amountMinor, String currency) {
        return OrderPlaced.newBuilder()
                .setEventId("placed-" + orderId)
                .setOrderId(orderId)
                .setCustomerEmail("ada@example.com")
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setItems(List.of(new OrderItem("SKU-1", 2)))
                .setIdempotencyKey(null)
                .setPlacedAt(T0)
                .build();
    }

    static WebhookReceived webhook(String providerEventId, String type, PaymentKind kind, String transactionId,
                                   String orderId, long amountMinor, String currency) {
        return WebhookReceived.newBuilder()
                .setEventId("hook-" + providerEventId + "-" + System.nanoTime())   // every delivery gets its own Tally ID
                .setProvider("stripe")
                .setProviderEventId(providerEventId)
                .setProviderEventType(type)
                .setKind(kind)
                .setTransactionId(transactionId)
                .setOrderId(orderId)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setRefundId(null)
                .setFailureReason(kind == PaymentKind.FAILED ? "card_declined" : null)
                .setOccurredAt(T0)
                .setReceivedAt(T0)
                .setRawBody(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
                .setHeaders(Map.of("Stripe-Signature", "t=1,v1=00"))
                .build();
    }

    static WebhookReceived succeeded(String providerEventId, String transactionId, String orderId, long amountMinor) {
        return webhook(providerEventId, "payment_intent.succeeded", PaymentKind.SUCCEEDED, transactionId, orderId, amountMinor, "EUR");
    }

    static WebhookReceived failed(String providerEventId, String transactionId, String orderId, long amountMinor) {
        return webhook(providerEventId, "payment_intent.payment_failed", PaymentKind.FAILED, transactionId, orderId, amountMinor, "EUR");
    }

    static PaymentEvent payment(String eventId, PaymentKind kind, String transactionId, String orderId, long amountMinor, String currency) {
        return PaymentEvent.newBuilder()
                .setEventId(eventId)
                .setCauseEventId("hook-" + eventId)
                .setOrderId(orderId)
                .setTransactionId(transactionId)
                .setKind(kind)
                .setProvider("stripe")
                .setProviderEventId("evt-" + eventId)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setRefundId(null)
                .setFailureReason(null)
                .setOccurredAt(T0)
                .build();
    }

    static WebhookReceived refunded(String providerEventId, String transactionId, String orderId, long amountMinor, String refundId) {
        var hook = webhook(providerEventId, "charge.refunded", PaymentKind.REFUNDED, transactionId, orderId, amountMinor, "EUR");
        hook.setRefundId(refundId);
        return hook;
    }

    static WebhookReceived disputed(String providerEventId, String transactionId, String orderId, long amountMinor) {
        var hook = webhook(providerEventId, "charge.dispute.created", PaymentKind.DISPUTED, transactionId, orderId, amountMinor, "EUR");
        hook.setFailureReason("fraudulent");
        return hook;
    }

    static FulfillmentRequested fulfillmentRequest(String orderId, int attempt) {
        return FulfillmentRequested.newBuilder()
                .setEventId("fr-" + orderId + "-" + attempt)
                .setCauseEventId("order-" + orderId + "-PAID")
                .setOrderId(orderId)
                .setRequestId("ful-" + orderId)
                .setAttempt(attempt)
                .setItems(List.of(new OrderItem("SKU-1", 2)))
                .setRequestedAt(T0)
                .build();
    }

    static FulfillmentResult fulfillmentResult(String orderId, FulfillmentOutcome outcome) {
        return FulfillmentResult.newBuilder()
                .setEventId("res-" + orderId + "-" + outcome)
                .setCauseEventId("fr-" + orderId + "-1")
                .setOrderId(orderId)
                .setRequestId("ful-" + orderId)
                .setOutcome(outcome)
                .setReason(outcome == FulfillmentOutcome.REJECTED ? "out of stock"
                        : outcome == FulfillmentOutcome.GAVE_UP ? "warehouse answered 503 eight times" : null)
                .setAt(T0)
                .setAttempt(outcome == FulfillmentOutcome.GAVE_UP ? 8 : 1)
                .build();
    }

    static RefundRequested refundRequest(String orderId, String transactionId, long amountMinor, String requestedBy) {
        return RefundRequested.newBuilder()
                .setEventId("rr-" + orderId + "-" + requestedBy)
                .setCauseEventId("support-ticket-1")
                .setOrderId(orderId)
                .setRefundRequestId("refund-" + transactionId)
                .setTransactionId(transactionId)
                .setAmountMinor(amountMinor)
                .setCurrency("EUR")
                .setReason("customer cancelled")
                .setRequestedAt(T0)
                .setRequestedBy(requestedBy)
                .build();
    }
}
