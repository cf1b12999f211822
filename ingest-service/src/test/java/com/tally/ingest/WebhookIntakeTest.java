package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.ingest.stripe.StripeProvider;
import com.tally.ingest.stripe.StripeSignature;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Severity;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import com.tally.schemas.WebhookRejected;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;

/**
 * The intake's rules, with no broker and no HTTP server: each request is answered only once
 * "Kafka" (a {@link RecordingAppender}) has acknowledged what the answer promises, and exactly
 * the records each rule calls for are appended.
 */
class WebhookIntakeTest {

    private static final String SECRET = "whsec_intake_test";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant OCCURRED = NOW.minusSeconds(7);
    private static final int MAX_BODY = 1024;
    private static final long RETRY_AFTER_SECONDS = 5;
    private static final String REMOTE = "203.0.113.7";
    private static final String EVENT_ID = "evt_intake_1";
    private static final String INTENT = "pi_intake_1";
    private static final String CARD = "4242424242424242";
    private static final String MASKED_CARD = "424242******4242";

    private static final AvroSerde<WebhookReceived> WEBHOOKS = AvroSerde.of(WebhookReceived.class);
    private static final AvroSerde<WebhookRejected> REJECTIONS = AvroSerde.of(WebhookRejected.class);
    private static final AvroSerde<Alert> ALERTS = AvroSerde.of(Alert.class);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RecordingAppender appender = new RecordingAppender();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AnswerOnAck answers = new AnswerOnAck(RETRY_AFTER_SECONDS);
    private final WebhookIntake intake = new WebhookIntake(
            List.of(new StripeProvider(List.of(SECRET), IngestService.SIGNATURE_TOLERANCE, clock)), appender, answers,
            new RejectionRecorder(appender, answers, clock, registry, Set.of(StripeProvider.NAME), TrustedProxies.NONE,
                    new RejectionBudget(RejectionBudget.Limits.DEFAULT)), MAX_BODY, clock, registry);

    /** A Stripe payment_intent.succeeded event whose PaymentIntent carries {@code description}. */
    private static byte[] paymentSucceeded(String description) {
        return ("{\"id\":\"" + EVENT_ID + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"created\":"
                + OCCURRED.getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"" + INTENT + "\",\"object\":\"payment_intent\","
                + "\"amount\":4990,\"currency\":\"eur\",\"description\":\"" + description + "\",\"metadata\":{\"order_id\":\"o-intake-1\"}}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String signedAt(Instant at, byte[] body) {
        return StripeSignature.sign(SECRET, at.getEpochSecond(), body);
    }

    private CompletableFuture<HttpAnswer> receive(String provider, String contentType, String signature, byte[] body) {
        var headers = new HashMap<String, String>(Map.of("content-type", contentType));
        if (signature != null) {
            headers.put("stripe-signature", signature);
        }
        return intake.receive(new Delivery(provider, Map.copyOf(headers), REMOTE, body.length, body.length), body);
    }

    private CompletableFuture<HttpAnswer> receiveSigned(byte[] body) {
        return receive(StripeProvider.NAME, "application/json", signedAt(NOW, body), body);
    }

    /**
     * Expects the one rejection record the refusal appends, and that the answer waits for it:
     * then the answer is {@code status} with the record's reason and detail, and nothing else
     * was appended.
     */
    private WebhookRejected refusedAndRecorded(CompletableFuture<HttpAnswer> answer, int status, String reason, String provider) {
        var recorded = appender.onlyOn(Topics.WEBHOOKS_REJECTED);
        assertFalse(answer.isDone(), "a refusal is answered only once it is recorded");
        recorded.ack();

        assertEquals(status, answer.join().status().getCode());
        assertEquals(Map.of(Topics.WEBHOOKS_REJECTED, 1L), appender.countsByTopic());
        assertEquals(provider, recorded.key());
        WebhookRejected rejected = REJECTIONS.decode(recorded.value());
        assertEquals(reason, rejected.getReason());
        assertEquals(status, rejected.getHttpStatus());
        assertEquals(provider, rejected.getProvider());
        assertEquals(NOW, rejected.getReceivedAt());
        assertEquals(REMOTE, rejected.getRemoteAddress());
        assertEquals(Map.of("error", rejected.getDetail(), "reason", reason), answer.join().body());
        return rejected;
    }

    private double counted(String metric, String... tags) {
        return registry.get(metric).tags(tags).counter().count();
    }

    @Test
    void unknownProviderIsAnswered404AndRecordedOnceWithNothingOnWebhooks() {
        var answer = receive("paypal", "application/json", null, "{}".getBytes(StandardCharsets.UTF_8));

        WebhookRejected rejected = refusedAndRecorded(answer, 404, "UNKNOWN_PROVIDER", "paypal");
        assertEquals("no webhook provider 'paypal': post to one of [/webhooks/stripe]", rejected.getDetail());
        assertNull(rejected.getBody(), "an unverified body is never recorded");
        assertEquals(1.0, counted("tally.ingest.webhooks.rejected", "provider", "unknown", "reason", "UNKNOWN_PROVIDER"));
    }

    @Test
    void bodyThatIsNotDeclaredJsonIsAnswered415() {
        byte[] body = paymentSucceeded("socks");

        var answer = receive(StripeProvider.NAME, "text/xml", signedAt(NOW, body), body);

        WebhookRejected rejected = refusedAndRecorded(answer, 415, "UNSUPPORTED_MEDIA_TYPE", StripeProvider.NAME);
        assertNull(rejected.getBody());
    }

    @Test
    void bodyOverTheLimitIsAnswered413() {
        byte[] body = new byte[MAX_BODY + 1];
        Arrays.fill(body, (byte) 'x');

        var answer = receive(StripeProvider.NAME, "application/json", signedAt(NOW, body), body);

        WebhookRejected rejected = refusedAndRecorded(answer, 413, "TOO_LARGE", StripeProvider.NAME);
        assertEquals(MAX_BODY + 1, rejected.getBytesRead());
        assertNull(rejected.getBody());
    }

    @Test
    void forgedSignatureIsAnswered401() {
        byte[] body = paymentSucceeded("socks");

        var answer = receive(StripeProvider.NAME, "application/json", StripeSignature.sign("whsec_someone_else", NOW.getEpochSecond(), body), body);

        assertNull(refusedAndRecorded(answer, 401, "MISMATCH", StripeProvider.NAME).getBody(), "an unverified body is never recorded");
    }

    @Test
    void missingSignatureIsAnswered401() {
        byte[] body = paymentSucceeded("socks");

        var answer = receive(StripeProvider.NAME, "application/json", null, body);

        assertNull(refusedAndRecorded(answer, 401, "MISSING", StripeProvider.NAME).getBody());
    }

    @Test
    void signatureOlderThanTheToleranceIsAnswered401() {
        byte[] body = paymentSucceeded("socks");

        var answer = receive(StripeProvider.NAME, "application/json",
                signedAt(NOW.minus(IngestService.SIGNATURE_TOLERANCE).minusSeconds(1), body), body);

        assertNull(refusedAndRecorded(answer, 401, "STALE", StripeProvider.NAME).getBody());
    }

    @Test
    void signedBodyWithoutCanonicalFieldsIsAnswered400WithItsCardNumbersMasked() {
        String event = "{\"id\":\"evt_" + CARD + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"created\":"
                + OCCURRED.getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"pi_no_amount\",\"currency\":\"eur\"}}}";
        byte[] body = event.getBytes(StandardCharsets.UTF_8);

        var answer = receiveSigned(body);

        WebhookRejected rejected = refusedAndRecorded(answer, 400, "MALFORMED_BODY", StripeProvider.NAME);
        assertEquals("the payment_intent.succeeded event evt_" + MASKED_CARD + " lacks data.object.amount:"
                + " Tally cannot record the payment without it", rejected.getDetail());
        assertEquals(event.replace(CARD, MASKED_CARD), StandardCharsets.UTF_8.decode(rejected.getBody()).toString(),
                "a verified body is recorded, masked");
    }

    @Test
    void validWebhookIsAnswered200OnlyOnceItsAppendIsAcknowledged() {
        byte[] body = paymentSucceeded("socks");

        var answer = receiveSigned(body);

        var appended = appender.onlyOn(Topics.WEBHOOKS);
        assertFalse(answer.isDone(), "no answer before Kafka acknowledged");
        appended.ack();
        assertEquals(200, answer.join().status().getCode());
        assertEquals(Map.of(Topics.WEBHOOKS, 1L), appender.countsByTopic());
        assertEquals(INTENT, appended.key(), "keyed by transaction ID");
        WebhookReceived hook = WEBHOOKS.decode(appended.value());
        assertEquals(StripeProvider.NAME, hook.getProvider());
        assertEquals(EVENT_ID, hook.getProviderEventId());
        assertEquals("payment_intent.succeeded", hook.getProviderEventType());
        assertEquals(PaymentKind.SUCCEEDED, hook.getKind());
        assertEquals(INTENT, hook.getTransactionId());
        assertEquals("o-intake-1", hook.getOrderId());
        assertEquals(4990, hook.getAmountMinor());
        assertEquals("EUR", hook.getCurrency());
        assertEquals(OCCURRED, hook.getOccurredAt());
        assertEquals(NOW, hook.getReceivedAt());
        assertEquals(ByteBuffer.wrap(body), hook.getRawBody(), "the raw body is kept verbatim");
        assertEquals(Map.of("content-type", "application/json", "stripe-signature", signedAt(NOW, body)), hook.getHeaders());
        assertEquals(Map.of("received", true, "transactionId", INTENT, "eventId", hook.getEventId(), "providerEventId", EVENT_ID),
                answer.join().body());
        assertEquals(1.0, counted("tally.ingest.webhooks", "provider", StripeProvider.NAME, "outcome", "accepted"));
    }

    @Test
    void cardNumberIsMaskedBeforeAppendingAndRaisedAsAnAlertThatThe200AlsoWaitsFor() {
        byte[] body = paymentSucceeded("paid with " + CARD);

        var answer = receiveSigned(body);

        assertEquals(Map.of(Topics.WEBHOOKS, 1L, Topics.ALERTS, 1L), appender.countsByTopic());
        var appended = appender.onlyOn(Topics.WEBHOOKS);
        var alerted = appender.onlyOn(Topics.ALERTS);
        appended.ack();
        assertFalse(answer.isDone(), "the 200 waits for the alert's ack too");
        alerted.ack();
        assertEquals(200, answer.join().status().getCode());
        WebhookReceived hook = WEBHOOKS.decode(appended.value());
        assertEquals(new String(body, StandardCharsets.UTF_8).replace(CARD, MASKED_CARD),
                StandardCharsets.UTF_8.decode(hook.getRawBody()).toString());
        assertEquals(INTENT, alerted.key());
        Alert alert = ALERTS.decode(alerted.value());
        assertEquals("card-number-in-webhook", alert.getKind());
        assertEquals(Severity.CRITICAL, alert.getSeverity());
        assertEquals(INTENT, alert.getSubject());
        assertEquals(hook.getEventId(), alert.getCauseEventId());
        assertEquals(NOW, alert.getAt());
        assertTrue(alert.getDetail().startsWith("1 card number(s) in stripe event " + EVENT_ID), alert.getDetail());
    }

    /** The answer is a 503 that tells the sender when to come back. */
    private static void assertUnavailable(HttpAnswer answer) {
        assertEquals(503, answer.status().getCode());
        assertEquals(Map.of("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)), answer.headers());
    }

    @Test
    void appendThatFailsIsAnswered503WithRetryAfter() {
        var answer = receiveSigned(paymentSucceeded("socks"));

        appender.onlyOn(Topics.WEBHOOKS).fail(new NotEnoughReplicasException("in-sync replicas below min.insync.replicas"));

        assertUnavailable(answer.join());
        assertEquals(Map.of(Topics.WEBHOOKS, 1L), appender.countsByTopic());
        assertEquals(1.0, counted("tally.ingest.webhooks", "provider", StripeProvider.NAME, "outcome", "unavailable"));
    }

    @Test
    void appendWhoseAckTimesOutIsAnswered503SayingItMayNotBeStored() {
        var answer = receiveSigned(paymentSucceeded("socks"));

        // KafkaAppender's future fails like this when the ack misses the timeout
        appender.onlyOn(Topics.WEBHOOKS).fail(new TimeoutException());

        assertUnavailable(answer.join());
        assertEquals(Map.of("error", "Kafka did not acknowledge the write in time, so it may not have been stored."
                + " Send it again after 5 s (a repeat is deduplicated)"), answer.join().body());
    }

    @Test
    void appendRefusedForTooManyInFlightIsAnswered503SayingNothingWasStored() {
        var answer = receiveSigned(paymentSucceeded("socks"));

        appender.onlyOn(Topics.WEBHOOKS).fail(new AppendRefused("4096 appends are already waiting for Kafka"));

        assertUnavailable(answer.join());
        assertEquals(Map.of("error", "4096 appends are already waiting for Kafka; nothing was stored."
                + " Send it again after 5 s (a repeat is deduplicated)"), answer.join().body());
    }

    @Test
    void cardNumberAlertThatFailsMakesThe200A503() {
        var answer = receiveSigned(paymentSucceeded("paid with " + CARD));

        appender.onlyOn(Topics.WEBHOOKS).ack();
        appender.onlyOn(Topics.ALERTS).fail(new TimeoutException());

        assertUnavailable(answer.join());
    }

    @Test
    void refusalThatCannotBeRecordedIsAnswered503NotItsOwn4xx() {
        var answer = receive("paypal", "application/json", null, "{}".getBytes(StandardCharsets.UTF_8));

        appender.onlyOn(Topics.WEBHOOKS_REJECTED).fail(new TimeoutException());

        assertUnavailable(answer.join());
    }

    @Test
    void whileDrainingEveryWebhookIsAnswered503AtOnceAndNothingIsAppended() {
        appender.startDraining();

        var answer = receiveSigned(paymentSucceeded("socks"));

        assertTrue(answer.isDone(), "answered without waiting on Kafka");
        assertUnavailable(answer.join());
        assertEquals(Map.of(), appender.countsByTopic());
    }
}
