package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.ingest.standard.StandardWebhookSignature;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.FulfillmentCallback;
import com.tally.schemas.FulfillmentCallbackStatus;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookRejected;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse's shipment callbacks against the real embedded broker: a signed one is answered
 * 200 once it is on {@code fulfillment.callbacks}, verbatim; an unsigned, forged or malformed one
 * is answered 4xx, recorded on {@code payments.webhooks.rejected} and appends nothing.
 */
class WarehouseCallbackIT {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("warehouse-callback-it".getBytes(StandardCharsets.UTF_8));
    private static final AvroSerde<FulfillmentCallback> CALLBACKS = AvroSerde.of(FulfillmentCallback.class);
    private static final AvroSerde<WebhookRejected> REJECTIONS = AvroSerde.of(WebhookRejected.class);
    private static final HttpClient http = HttpClient.newHttpClient();
    private static IngestService service;
    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startService() {
        service = IngestOnSharedKafka.start(stateDir, Map.of(
                IngestConfig.PROVIDERS, IngestConfig.WAREHOUSE,
                IngestConfig.WAREHOUSE_WEBHOOK_SECRET, SECRET));
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    private static byte[] shipped(String orderId) {
        return ("{\"type\":\"shipment.shipped\",\"orderId\":\"" + orderId + "\",\"requestId\":\"ful_" + UUID.randomUUID() + "\","
                + "\"shipmentId\":\"shp_1\",\"occurredAt\":\"2026-12-02T19:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** One callback as a warehouse sends it; {@code secret} null sends it unsigned. Tagged with its own X-Request-Id. */
    private static HttpResponse<String> post(byte[] body, String webhookId, String secret, String requestId) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(service.url() + "/webhooks/warehouse"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId);
        if (secret != null) {
            long now = Instant.now().getEpochSecond();
            request.header(StandardWebhookSignature.ID, webhookId)
                    .header(StandardWebhookSignature.TIMESTAMP, String.valueOf(now))
                    .header(StandardWebhookSignature.SIGNATURE, StandardWebhookSignature.sign(secret, webhookId, now, body));
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<FulfillmentCallback> callbacksFor(String orderId) {
        return CommittedLog.of(SharedKafka.bootstrapServers(), Topics.FULFILLMENT_CALLBACKS).stream()
                .filter(record -> orderId.equals(record.key()))
                .map(record -> CALLBACKS.decode(record.value()))
                .toList();
    }

    private static int callbacksInAll() {
        return CommittedLog.of(SharedKafka.bootstrapServers(), Topics.FULFILLMENT_CALLBACKS).size();
    }

    /** The one rejection recorded for the request tagged {@code requestId}; the test fails unless there is exactly one. */
    private static WebhookRejected rejectionOf(String requestId) {
        var rejected = CommittedLog.of(SharedKafka.bootstrapServers(), Topics.WEBHOOKS_REJECTED).stream()
                .filter(record -> "warehouse".equals(record.key()))
                .map(record -> REJECTIONS.decode(record.value()))
                .filter(record -> requestId.equals(record.getHeaders().get("x-request-id")))
                .toList();
        assertEquals(1, rejected.size(), "rejections recorded for request " + requestId);
        return rejected.get(0);
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return TallyJson.mapper().readTree(answer.body());
    }

    /**
     * Expects {@code answer} to be the refusal {@code status}/{@code reason}, recorded once for the
     * request tagged {@code requestId}, with no callback appended since there were {@code before}.
     */
    private static WebhookRejected refusedAndRecorded(HttpResponse<String> answer, int status, String reason, String requestId, int before)
            throws Exception {
        assertEquals(status, answer.statusCode(), answer.body());
        assertEquals(reason, json(answer).path("reason").asText());
        WebhookRejected rejected = rejectionOf(requestId);
        assertEquals(reason, rejected.getReason());
        assertEquals(status, rejected.getHttpStatus());
        assertEquals(before, callbacksInAll(), "nothing appended to " + Topics.FULFILLMENT_CALLBACKS);
        return rejected;
    }

    @Test
    void signedCallbackIsAnswered200AfterOneFulfillmentCallbackWithItsRawBodyHeadersAndWebhookIdIsAppended() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        String webhookId = "msg_" + UUID.randomUUID();
        byte[] body = shipped(orderId);

        var answer = post(body, webhookId, SECRET, "req-" + webhookId);

        assertEquals(200, answer.statusCode(), answer.body());
        List<FulfillmentCallback> appended = callbacksFor(orderId);
        assertEquals(1, appended.size(), "callbacks appended under " + orderId);
        FulfillmentCallback callback = appended.get(0);
        assertEquals(webhookId, callback.getWebhookId());
        assertEquals(orderId, callback.getOrderId());
        assertEquals(FulfillmentCallbackStatus.SHIPPED, callback.getStatus());
        assertEquals("shp_1", callback.getShipmentId());
        assertEquals(ByteBuffer.wrap(body), callback.getRawBody(), "the raw body is kept verbatim");
        assertEquals(webhookId, callback.getHeaders().get("webhook-id"));
        assertEquals(answer.request().headers().firstValue("webhook-signature").orElseThrow(), callback.getHeaders().get("webhook-signature"));
        assertEquals("req-" + webhookId, callback.getHeaders().get("x-request-id"));
        assertEquals(orderId, json(answer).path("orderId").asText());
        assertEquals(callback.getEventId(), json(answer).path("eventId").asText());
        assertEquals(webhookId, json(answer).path("webhookId").asText());
    }

    @Test
    void replayedCallbackIsAnswered200AndAppendedAgainForFulfillmentStreamToDedupeOnItsWebhookId() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        String webhookId = "msg_" + UUID.randomUUID();
        byte[] body = shipped(orderId);

        var first = post(body, webhookId, SECRET, "req-1-" + webhookId);
        var replay = post(body, webhookId, SECRET, "req-2-" + webhookId);

        assertEquals(200, first.statusCode(), first.body());
        assertEquals(200, replay.statusCode(), replay.body());
        List<FulfillmentCallback> appended = callbacksFor(orderId);
        assertEquals(2, appended.size(), "both deliveries appended");
        assertEquals(List.of(webhookId, webhookId), appended.stream().map(FulfillmentCallback::getWebhookId).toList(), "one dedupe key");
        assertNotEquals(appended.get(0).getEventId(), appended.get(1).getEventId(), "each delivery is its own event");
    }

    @Test
    void unsignedCallbackIsAnswered401RecordedAndAppendsNothing() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        int before = callbacksInAll();

        var answer = post(shipped(orderId), null, null, "req-unsigned-" + orderId);

        assertNull(refusedAndRecorded(answer, 401, "MISSING", "req-unsigned-" + orderId, before).getBody(),
                "an unverified body is never recorded");
    }

    @Test
    void callbackForgedWithAnotherSecretIsAnswered401RecordedAndAppendsNothing() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        int before = callbacksInAll();

        var answer = post(shipped(orderId), "msg_forged", "whsec_" + Base64.getEncoder().encodeToString("forger".getBytes()),
                "req-forged-" + orderId);

        assertNull(refusedAndRecorded(answer, 401, "MISMATCH", "req-forged-" + orderId, before).getBody(),
                "an unverified body is never recorded");
    }

    @Test
    void signedCallbackWithoutARequestIdIsAnswered400RecordedWithItsBodyAndAppendsNothing() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        byte[] body = ("{\"type\":\"shipment.delivered\",\"orderId\":\"" + orderId + "\",\"occurredAt\":\"2026-12-02T19:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
        int before = callbacksInAll();

        var answer = post(body, "msg_" + UUID.randomUUID(), SECRET, "req-malformed-" + orderId);

        WebhookRejected rejected = refusedAndRecorded(answer, 400, "MALFORMED_BODY", "req-malformed-" + orderId, before);
        String detail = "the shipment.delivered callback lacks or has a wrong requestId (the Idempotency-Key of the request that was"
                + " shipped) (docs/WAREHOUSE.md, \"Callbacks\")";
        assertEquals(detail, json(answer).path("error").asText());
        assertEquals(detail, rejected.getDetail());
        assertEquals(ByteBuffer.wrap(body), rejected.getBody(), "a verified body is recorded");
    }

    @Test
    void paymentProvidersThatAreNotEnabledAre404() throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(404, answer.statusCode(), answer.body());
        assertEquals("no webhook provider 'stripe': post to one of [/webhooks/warehouse]", json(answer).path("error").asText());
    }
}
