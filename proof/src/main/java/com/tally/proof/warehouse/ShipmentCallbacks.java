package com.tally.proof.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.tally.ingest.standard.StandardWebhookSignature;
import com.tally.platform.TallyJson;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells ingest what became of each shipment, as a warehouse does: {@code shipment.shipped} a
 * while after accepting it, {@code shipment.delivered} a while after shipping it, each a
 * Standard Webhooks-signed POST to {@code <ingest>/webhooks/warehouse}. A callback is retried
 * with a growing pause until ingest answers 2xx, so an outage of ingest delays callbacks and
 * loses none; and delivered is sent only once shipped was acknowledged, so they arrive in order.
 * A retry keeps its {@code webhook-id} (the receiver dedupes on it) and is signed afresh, so a
 * callback held back by a long outage is not refused as stale.
 */
final class ShipmentCallbacks {

    static final String SHIPPED = "shipment.shipped";
    static final String DELIVERED = "shipment.delivered";

    private static final Logger log = LoggerFactory.getLogger(ShipmentCallbacks.class);

    private final URI endpoint;
    private final String secret;
    private final Duration shippedAfter;
    private final Duration deliveredAfter;
    private final Duration retryBase;
    private final Duration retryMax;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;

    ShipmentCallbacks(URI endpoint, String secret, Duration shippedAfter, Duration deliveredAfter, Duration retryBase, Duration retryMax,
                      Clock clock, ScheduledExecutorService scheduler, ExecutorService httpThreads) {
        this.endpoint = endpoint;
        this.secret = secret;
        this.shippedAfter = shippedAfter;
        this.deliveredAfter = deliveredAfter;
        this.retryBase = retryBase;
        this.retryMax = retryMax;
        this.clock = clock;
        this.scheduler = scheduler;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Starts a new shipment on its way: shipped, then delivered, each reported once. */
    void follow(Shipment shipment) {
        schedule(() -> ship(shipment), shippedAfter);
    }

    private void ship(Shipment shipment) {
        Instant shippedAt = now();
        shipment.shipped(shippedAt);
        send(shipment, SHIPPED, shippedAt, 1, () -> {
            // delivery happens deliveredAfter the shipping, however long the report of the shipping took
            Instant deliveredAt = shippedAt.plus(deliveredAfter);
            schedule(() -> deliver(shipment, deliveredAt), Duration.between(clock.instant(), deliveredAt));
        });
    }

    private void deliver(Shipment shipment, Instant deliveredAt) {
        shipment.delivered(deliveredAt);
        send(shipment, DELIVERED, deliveredAt, 1, () -> { });
    }

    private void send(Shipment shipment, String type, Instant occurredAt, int attempt, Runnable next) {
        String webhookId = "msg_" + shipment.shipmentId() + "_" + type.substring(type.indexOf('.') + 1);
        byte[] body = body(shipment, type, occurredAt);
        long timestamp = clock.instant().getEpochSecond();
        var request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(StandardWebhookSignature.ID, webhookId)
                .header(StandardWebhookSignature.TIMESTAMP, String.valueOf(timestamp))
                .header(StandardWebhookSignature.SIGNATURE, StandardWebhookSignature.sign(secret, webhookId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                int attempts = shipment.callbackAcknowledged(type, webhookId, now());
                if (attempts > 1) {
                    log.info("{} for order {} acknowledged by ingest after {} attempts", type, shipment.orderId(), attempts);
                }
                next.run();
                return;
            }
            String what = failure != null ? "no answer (" + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")"
                    : response.statusCode() + (response.body().isBlank() ? "" : " " + response.body());
            shipment.callbackFailed(type, webhookId, what);
            if (attempt == 1) {
                log.warn("{} for order {} got {} from {}: retrying until ingest takes it", type, shipment.orderId(), what, endpoint);
            }
            schedule(() -> send(shipment, type, occurredAt, attempt + 1, next), pause(attempt));
        });
    }

    /** Doubles from the base with each failed attempt, up to the maximum. */
    Duration pause(int failedAttempts) {
        int doublings = Math.min(failedAttempts - 1, 30);
        Duration pause = retryBase.multipliedBy(1L << doublings);
        return pause.compareTo(retryMax) > 0 ? retryMax : pause;
    }

    private byte[] body(Shipment shipment, String type, Instant occurredAt) {
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

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the simulator stopped: its warehouse, and the callbacks it still owed, are gone with it
        }
    }
}
