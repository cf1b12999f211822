package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.tally.ingest.standard.StandardWebhookSignature;
import com.tally.ingest.warehouse.WarehouseCallbacks;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.FulfillmentCallback;
import com.tally.schemas.FulfillmentCallbackStatus;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookRejected;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A warehouse callback through the same intake as a payment webhook, with no broker: it becomes
 * one {@link FulfillmentCallback} on {@code fulfillment.callbacks} keyed by order ID, answered
 * only once that is acknowledged; its refusals are recorded as a payment webhook's are.
 */
class WarehouseCallbackIntakeTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("warehouse-intake-test".getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2026-12-02T19:00:05Z");
    private static final String WEBHOOK_ID = "msg_warehouse_1";
    private static final String ORDER = "o-warehouse-1";
    private static final String REQUEST = "ful_6f1c1b4e-2f0a-3c55-9a8e-0d6c1f2b7e90";
    private static final String CARD = "4242424242424242";
    private static final String MASKED_CARD = "424242******4242";

    private static final AvroSerde<FulfillmentCallback> CALLBACKS = AvroSerde.of(FulfillmentCallback.class);
    private static final AvroSerde<WebhookRejected> REJECTIONS = AvroSerde.of(WebhookRejected.class);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RecordingAppender appender = new RecordingAppender();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AnswerOnAck answers = new AnswerOnAck(5);
    private final WebhookIntake intake = new WebhookIntake(
            List.of(WarehouseCallbacks.provider(List.of(SECRET), IngestService.SIGNATURE_TOLERANCE, clock)), appender, answers,
            new RejectionRecorder(appender, answers, clock, registry, Set.of(WarehouseCallbacks.NAME), TrustedProxies.NONE,
                    new RejectionBudget(RejectionBudget.Limits.DEFAULT)), 4096, clock, registry);

    private static byte[] shipped(String shipmentId) {
        return ("{\"type\":\"shipment.shipped\",\"orderId\":\"" + ORDER + "\",\"requestId\":\"" + REQUEST + "\",\"shipmentId\":\""
                + shipmentId + "\",\"occurredAt\":\"2026-12-02T19:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> signedHeaders(String secret, byte[] body) {
        return Map.of("content-type", "application/json",
                StandardWebhookSignature.ID, WEBHOOK_ID,
                StandardWebhookSignature.TIMESTAMP, String.valueOf(NOW.getEpochSecond()),
                StandardWebhookSignature.SIGNATURE, StandardWebhookSignature.sign(secret, WEBHOOK_ID, NOW.getEpochSecond(), body));
    }

    private CompletableFuture<HttpAnswer> receive(Map<String, String> headers, byte[] body) {
        return intake.receive(new Delivery(WarehouseCallbacks.NAME, headers, "198.51.100.9", body.length, body.length), body);
    }

    @Test
    void signedCallbackIsAppendedToFulfillmentCallbacksKeyedByOrderIdAndAnswered200OnlyAfterTheAck() {
        byte[] body = shipped("shp_1");
        var headers = signedHeaders(SECRET, body);

        var answer = receive(headers, body);

        var appended = appender.onlyOn(Topics.FULFILLMENT_CALLBACKS);
        assertFalse(answer.isDone(), "no answer before Kafka acknowledged");
        appended.ack();
        assertEquals(200, answer.join().status().getCode());
        assertEquals(Map.of(Topics.FULFILLMENT_CALLBACKS, 1L), appender.countsByTopic(), "nothing on payments.webhooks");
        assertEquals(ORDER, appended.key(), "keyed by order ID");
        FulfillmentCallback callback = CALLBACKS.decode(appended.value());
        assertEquals(WEBHOOK_ID, callback.getWebhookId());
        assertEquals(ORDER, callback.getOrderId());
        assertEquals(REQUEST, callback.getRequestId());
        assertEquals(FulfillmentCallbackStatus.SHIPPED, callback.getStatus());
        assertEquals("shp_1", callback.getShipmentId());
        assertEquals(Instant.parse("2026-12-02T19:00:00Z"), callback.getOccurredAt());
        assertEquals(NOW, callback.getReceivedAt());
        assertEquals(ByteBuffer.wrap(body), callback.getRawBody(), "the raw body is kept verbatim");
        assertEquals(headers, callback.getHeaders());
        assertEquals(Map.of("received", true, "orderId", ORDER, "eventId", callback.getEventId(), "webhookId", WEBHOOK_ID),
                answer.join().body());
        assertEquals(1.0, registry.get("tally.ingest.webhooks").tags("provider", "warehouse", "outcome", "accepted").counter().count());
    }

    @Test
    void callbackWhoseAppendFailsIsAnswered503SoTheWarehouseSendsItAgain() {
        var answer = receive(signedHeaders(SECRET, shipped("shp_1")), shipped("shp_1"));

        appender.onlyOn(Topics.FULFILLMENT_CALLBACKS).fail(new TimeoutException());

        assertEquals(503, answer.join().status().getCode());
        assertEquals(Map.of("Retry-After", "5"), answer.join().headers());
    }

    /** The one rejection the refusal records, once it is acknowledged, with nothing else appended. */
    private WebhookRejected refusedAndRecorded(CompletableFuture<HttpAnswer> answer, int status, String reason) {
        var recorded = appender.onlyOn(Topics.WEBHOOKS_REJECTED);
        assertFalse(answer.isDone(), "a refusal is answered only once it is recorded");
        recorded.ack();
        assertEquals(status, answer.join().status().getCode());
        assertEquals(Map.of(Topics.WEBHOOKS_REJECTED, 1L), appender.countsByTopic());
        assertEquals(WarehouseCallbacks.NAME, recorded.key());
        WebhookRejected rejected = REJECTIONS.decode(recorded.value());
        assertEquals(reason, rejected.getReason());
        assertEquals(WarehouseCallbacks.NAME, rejected.getProvider());
        assertEquals(Map.of("error", rejected.getDetail(), "reason", reason), answer.join().body());
        return rejected;
    }

    @Test
    void callbackSignedWithAnotherSecretIsAnswered401AndRecordedWithoutItsBody() {
        byte[] body = shipped("shp_1");

        var answer = receive(signedHeaders("whsec_" + Base64.getEncoder().encodeToString("a-payment-secret".getBytes()), body), body);

        assertNull(refusedAndRecorded(answer, 401, "MISMATCH").getBody(), "an unverified body is never recorded");
    }

    @Test
    void signedCallbackOfAnUnknownTypeIsAnswered400AndRecordedWithItsBody() {
        byte[] body = ("{\"type\":\"shipment.lost\",\"orderId\":\"" + ORDER + "\",\"requestId\":\"" + REQUEST + "\","
                + "\"occurredAt\":\"2026-12-02T19:00:00Z\"}").getBytes(StandardCharsets.UTF_8);

        var answer = receive(signedHeaders(SECRET, body), body);

        WebhookRejected rejected = refusedAndRecorded(answer, 400, "MALFORMED_BODY");
        assertEquals("unknown callback type 'shipment.lost': send shipment.shipped or shipment.delivered"
                + " (docs/WAREHOUSE.md, \"Callbacks\")", rejected.getDetail());
        assertEquals(ByteBuffer.wrap(body), rejected.getBody(), "a verified body is recorded");
    }

    @Test
    void cardNumberInACallbackIsMaskedInTheRecordAndRaisedAsAnAlertAboutTheOrder() {
        byte[] body = shipped("shp_" + CARD);

        var answer = receive(signedHeaders(SECRET, body), body);

        var appended = appender.onlyOn(Topics.FULFILLMENT_CALLBACKS);
        var alerted = appender.onlyOn(Topics.ALERTS);
        appended.ack();
        assertFalse(answer.isDone(), "the 200 waits for the alert's ack too");
        alerted.ack();
        assertEquals(200, answer.join().status().getCode());
        FulfillmentCallback callback = CALLBACKS.decode(appended.value());
        assertEquals("shp_" + MASKED_CARD, callback.getShipmentId());
        assertEquals(new String(body, StandardCharsets.UTF_8).replace(CARD, MASKED_CARD), StandardCharsets.UTF_8.decode(callback.getRawBody()).toString());
        Alert alert = AvroSerde.of(Alert.class).decode(alerted.value());
        assertEquals(ORDER, alerted.key());
        assertEquals(ORDER, alert.getSubject());
        assertEquals(callback.getEventId(), alert.getCauseEventId());
        assertEquals("1 card number(s) in warehouse event " + WEBHOOK_ID + " were masked before storing; find out which field carries them"
                + " and stop the sender from putting card data there", alert.getDetail());
    }
}
