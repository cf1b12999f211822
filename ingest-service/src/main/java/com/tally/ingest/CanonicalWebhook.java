package com.tally.ingest;

import com.tally.schemas.AvroSerde;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What any provider's event means for Tally, in one shape. {@code orderId} is null when the
 * sender did not say; {@code refundId} is set for refunds (a refund counts once per refund ID).
 */
public record CanonicalWebhook(String providerEventId, String providerEventType, PaymentKind kind, String transactionId,
                               String orderId, long amountMinor, String currency, String refundId, String failureReason,
                               Instant occurredAt) {

    /** Amount and currency of an event that moves no money Tally tracks (ISO 4217 "XXX": no currency). */
    public static final String NO_CURRENCY = "XXX";

    private static final AvroSerde<WebhookReceived> WEBHOOKS = AvroSerde.of(WebhookReceived.class);

    /** The same event with every free-text field passed through {@code clean} (card-number masking). */
    public CanonicalWebhook withText(UnaryOperator<String> clean) {
        return new CanonicalWebhook(clean.apply(providerEventId), clean.apply(providerEventType), kind, clean.apply(transactionId),
                orderId == null ? null : clean.apply(orderId), amountMinor, currency,
                refundId == null ? null : clean.apply(refundId), failureReason == null ? null : clean.apply(failureReason),
                occurredAt);
    }

    /**
     * The {@link WebhookReceived} ingest appends for this event, text and body masked, keyed by
     * transaction ID so all webhooks for one payment stay ordered in one partition.
     */
    public WebhookRecord toRecord(String provider, VerifiedWebhook webhook) {
        CanonicalWebhook event = withText(webhook::mask);
        var received = WebhookReceived.newBuilder()
                .setEventId(webhook.eventId())
                .setProvider(provider)
                .setProviderEventId(event.providerEventId())
                .setProviderEventType(event.providerEventType())
                .setKind(event.kind())
                .setTransactionId(event.transactionId())
                .setOrderId(event.orderId())
                .setAmountMinor(event.amountMinor())
                .setCurrency(event.currency())
                .setRefundId(event.refundId())
                .setFailureReason(event.failureReason())
                .setOccurredAt(event.occurredAt())
                .setReceivedAt(webhook.receivedAt())
                .setRawBody(ByteBuffer.wrap(webhook.maskedBody()))
                .setHeaders(webhook.maskedHeaders())
                .build();
        return new WebhookRecord(Topics.WEBHOOKS, event.transactionId(), WEBHOOKS.encode(received), event.providerEventId(),
                Map.of("received", true, "transactionId", event.transactionId(), "eventId", webhook.eventId(),
                        "providerEventId", event.providerEventId()));
    }
}
