package com.tally.proof.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.tally.ingest.standard.StandardWebhookSignature;
import com.tally.platform.TallyJson;
import com.tally.proof.outside.Redelivery;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Tells ingest what became of each shipment, as a warehouse does: {@code shipment.shipped} a
 * while after accepting it, {@code shipment.delivered} a while after shipping it, each a
 * Standard Webhooks-signed POST to {@code <ingest>/webhooks/warehouse}. A callback is retried
 * with a growing pause until ingest answers 2xx ({@link Redelivery}), so an outage of ingest
 * delays callbacks and loses none; and delivered is sent only once shipped was acknowledged, so
 * they arrive in order. A retry keeps its {@code webhook-id} (the receiver dedupes on it) and is
 * signed afresh, so a callback held back by a long outage is not refused as stale.
 */
final class ShipmentCallbacks {

    static final String SHIPPED = "shipment.shipped";
    static final String DELIVERED = "shipment.delivered";

    private final Redelivery delivery;
    private final String secret;
    private final Duration shippedAfter;
    private final Duration deliveredAfter;
    private final Clock clock;

    ShipmentCallbacks(URI endpoint, String secret, Duration shippedAfter, Duration deliveredAfter, Duration retryBase, Duration retryMax,
                      Clock clock, ScheduledExecutorService scheduler, ExecutorService httpThreads) {
        this.delivery = new Redelivery(endpoint, retryBase, retryMax, clock, scheduler, httpThreads);
        this.secret = secret;
        this.shippedAfter = shippedAfter;
        this.deliveredAfter = deliveredAfter;
        this.clock = clock;
    }

    URI endpoint() {
        return delivery.endpoint();
    }

    /** Starts a new shipment on its way: shipped, then delivered, each reported once. */
    void follow(Shipment shipment) {
        delivery.later(() -> ship(shipment), shippedAfter);
    }

    private void ship(Shipment shipment) {
        Instant shippedAt = now();
        shipment.shipped(shippedAt);
        delivery.send(new Callback(shipment, SHIPPED, shippedAt), () -> {
            // delivery happens deliveredAfter the shipping, however long the report of the shipping took
            Instant deliveredAt = shippedAt.plus(deliveredAfter);
            delivery.later(() -> deliver(shipment, deliveredAt), Duration.between(clock.instant(), deliveredAt));
        });
    }

    private void deliver(Shipment shipment, Instant deliveredAt) {
        shipment.delivered(deliveredAt);
        delivery.send(new Callback(shipment, DELIVERED, deliveredAt), () -> { });
    }

    /** One callback of a shipment, kept on the shipment with its attempts. */
    private final class Callback implements Redelivery.Message {
        private final Shipment shipment;
        private final String type;
        private final String webhookId;
        private final byte[] body;

        Callback(Shipment shipment, String type, Instant occurredAt) {
            this.shipment = shipment;
            this.type = type;
            this.webhookId = "msg_" + shipment.shipmentId() + "_" + type.substring(type.indexOf('.') + 1);
            this.body = json(shipment, type, occurredAt);
        }

        @Override
        public String what() {
            return type + " for order " + shipment.orderId();
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public Map<String, String> signed(long epochSecond) {
            var headers = new LinkedHashMap<String, String>();
            headers.put(StandardWebhookSignature.ID, webhookId);
            headers.put(StandardWebhookSignature.TIMESTAMP, String.valueOf(epochSecond));
            headers.put(StandardWebhookSignature.SIGNATURE, StandardWebhookSignature.sign(secret, webhookId, epochSecond, body));
            return headers;
        }

        @Override
        public int acknowledged() {
            return shipment.callbackAcknowledged(type, webhookId, now());
        }

        @Override
        public void failed(String answer) {
            shipment.callbackFailed(type, webhookId, answer);
        }
    }

    private static byte[] json(Shipment shipment, String type, Instant occurredAt) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", type);
        body.put("orderId", shipment.orderId());
        body.put("requestId", shipment.requestId());
        body.put("shipmentId", shipment.shipmentId());
        body.put("occurredAt", occurredAt.toString());
        try {
            return TallyJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Instant now() {
        // the callbacks' schema keeps milliseconds: a finer time would not survive the trip
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
