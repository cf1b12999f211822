package com.tally.ingest.warehouse;

import com.tally.ingest.VerifiedWebhook;
import com.tally.ingest.WebhookRecord;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.FulfillmentCallback;
import com.tally.schemas.FulfillmentCallbackStatus;
import com.tally.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a warehouse reports about one fulfillment request: shipped or delivered, when, and
 * (optionally) under which shipment ID of its own.
 */
public record WarehouseCallback(FulfillmentCallbackStatus status, String orderId, String requestId, String shipmentId,
                                Instant occurredAt) {

    private static final AvroSerde<FulfillmentCallback> CALLBACKS = AvroSerde.of(FulfillmentCallback.class);

    public WarehouseCallback {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /**
     * The {@link FulfillmentCallback} ingest appends, keyed by order ID so it reaches the saga
     * instance that owns the order. Every delivery is appended, a repeated {@code webhook-id}
     * too: ingest cannot tell a replay from a retry after a lost 2xx, and fulfillment-stream
     * dedupes on it.
     */
    WebhookRecord toRecord(String webhookId, VerifiedWebhook webhook) {
        String order = webhook.mask(orderId);
        String id = webhook.mask(webhookId);
        var callback = FulfillmentCallback.newBuilder()
                .setEventId(webhook.eventId())
                .setWebhookId(id)
                .setOrderId(order)
                .setRequestId(webhook.mask(requestId))
                .setStatus(status)
                .setShipmentId(shipmentId == null ? null : webhook.mask(shipmentId))
                .setOccurredAt(occurredAt)
                .setReceivedAt(webhook.receivedAt())
                .setRawBody(ByteBuffer.wrap(webhook.maskedBody()))
                .setHeaders(webhook.maskedHeaders())
                .build();
        return new WebhookRecord(Topics.FULFILLMENT_CALLBACKS, order, CALLBACKS.encode(callback), id,
                Map.of("received", true, "orderId", order, "eventId", webhook.eventId(), "webhookId", id));
    }
}
