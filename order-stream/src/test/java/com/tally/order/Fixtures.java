package com.tally.order;

import com.tally.schemas.OrderItem;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.WebhookReceived;
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
                .setRawBody(java.nio.ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
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
}
