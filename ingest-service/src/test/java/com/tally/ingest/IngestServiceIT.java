package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.ingest.standard.StandardWebhookSignature;
import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.Access;
import com.tally.platform.testing.SharedKafka;
import com.tally.platform.testing.TestTokens;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import com.tally.schemas.WebhookRejected;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ingest-service against the real embedded broker: what is answered, and what is (not) appended. */
class IngestServiceIT {

    private static final String SECRET = "whsec_ingest_it_secret";
    private static final String STANDARD_SECRET = "whsec_" + Base64.getEncoder().encodeToString("ingest-it-standard".getBytes());
    private static final int MAX_BODY = 4096;
    private static IngestService service;
    private static String baseUrl;
    private static final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startService() throws Exception {
        service = IngestOnSharedKafka.start(stateDir, Map.of(
                IngestConfig.STRIPE_WEBHOOK_SECRET, SECRET,
                IngestConfig.STANDARD_WEBHOOK_SECRET, STANDARD_SECRET,
                IngestConfig.MAX_BODY, String.valueOf(MAX_BODY)));
        baseUrl = service.url();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    private static byte[] paymentIntentSucceeded(String eventId, String intentId, String orderId) {
        return ("{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"" + intentId + "\",\"object\":\"payment_intent\","
                + "\"amount\":4990,\"currency\":\"eur\",\"status\":\"succeeded\",\"metadata\":{\"order_id\":\"" + orderId + "\"}}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Each request carries its own X-Request-Id, so a test finds exactly the rejection its request caused. */
    private static String lastRequestId;

    private static HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, Map<String, String> headers) throws Exception {
        lastRequestId = UUID.randomUUID().toString();
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("X-Request-Id", lastRequestId);
        headers.forEach(request::header);
        return http.send(request.POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postWebhook(byte[] body, String signature) throws Exception {
        var headers = new HashMap<String, String>(Map.of("Content-Type", "application/json"));
        if (signature != null) {
            headers.put("Stripe-Signature", signature);
        }
        return post("/webhooks/stripe", HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    private static long endOffsets(String topic) {
        try (var consumer = consumer()) {
            var partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The one webhook appended under {@code key}; the test fails unless there is exactly one. */
    private static WebhookReceived onlyWebhookWithKey(String key) {
        var appended = recordsWithKey(Topics.WEBHOOKS, key);
        assertEquals(1, appended.size(), "webhooks appended under " + key);
        return AvroSerde.of(WebhookReceived.class).decode(appended.get(0).value());
    }

    /** Every record on a topic whose key is the given one. */
    private static List<ConsumerRecord<String, byte[]>> recordsWithKey(String topic, String key) {
        try (var consumer = consumer()) {
            var partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            var found = new ArrayList<ConsumerRecord<String, byte[]>>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    @Test
    void signedPaymentIsAnswered200OnlyAfterItIsAppendedKeyedByTransactionId() throws Exception {
        String intent = "pi_" + UUID.randomUUID();
        byte[] body = paymentIntentSucceeded("evt_" + UUID.randomUUID(), intent, "o-ingest-1");

        var answer = postWebhook(body, StripeSignature.sign(SECRET, Instant.now().getEpochSecond(), body));

        assertEquals(200, answer.statusCode(), answer.body());
        WebhookReceived hook = onlyWebhookWithKey(intent);
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
        assertTrue(answer.body().contains("\"transactionId\":\"" + intent + "\""), "the answer names the transaction: " + answer.body());
        assertTrue(answer.body().contains("\"eventId\":\"" + hook.getEventId() + "\""), "the answer names the event: " + answer.body());
        assertEquals(PaymentKind.SUCCEEDED, hook.getKind());
        assertEquals("o-ingest-1", hook.getOrderId());
        assertEquals(4990, hook.getAmountMinor());
        assertEquals("EUR", hook.getCurrency());
        assertEquals("stripe", hook.getProvider());
        assertEquals(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8.decode(hook.getRawBody()).toString(),
                "the raw body is kept verbatim");
    }

    @Test
    void aTrailingSlashReachesTheSameEndpoint() throws Exception {
        String intent = "pi_" + UUID.randomUUID();
        byte[] body = paymentIntentSucceeded("evt_" + UUID.randomUUID(), intent, "o-ingest-slash");

        var answer = post("/webhooks/stripe/", HttpRequest.BodyPublishers.ofByteArray(body), Map.of("Content-Type", "application/json",
                "Stripe-Signature", StripeSignature.sign(SECRET, Instant.now().getEpochSecond(), body)));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("o-ingest-slash", onlyWebhookWithKey(intent).getOrderId());
    }

    @Test
    void aGetOnTheWebhookPathIsLeftToJavalinAndRecordsNothing() throws Exception {
        long before = endOffsets(Topics.WEBHOOKS_REJECTED);

        var answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/stripe")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(404, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("GET"), "Javalin's own not-found answer names the method: " + answer.body());
        assertEquals(before, endOffsets(Topics.WEBHOOKS_REJECTED));
    }

    @Test
    void forgedSignatureIsAnswered401AndAppendsNothing() throws Exception {
        byte[] body = paymentIntentSucceeded("evt_forged", "pi_forged", "o-ingest-2");
        long before = endOffsets(Topics.WEBHOOKS);

        var answer = postWebhook(body, StripeSignature.sign("whsec_someone_else", Instant.now().getEpochSecond(), body));

        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals(before, endOffsets(Topics.WEBHOOKS));
        assertRejectionRecorded("MISMATCH");
    }

    @Test
    void timestampOlderThan300SecondsIsAnswered401AndAppendsNothing() throws Exception {
        byte[] body = paymentIntentSucceeded("evt_stale", "pi_stale", "o-ingest-3");
        long before = endOffsets(Topics.WEBHOOKS);

        var answer = postWebhook(body, StripeSignature.sign(SECRET, Instant.now().minusSeconds(301).getEpochSecond(), body));

        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals(before, endOffsets(Topics.WEBHOOKS));
        assertRejectionRecorded("STALE");
    }

    @Test
    void missingSignatureHeaderIsAnswered401AndAppendsNothing() throws Exception {
        byte[] body = paymentIntentSucceeded("evt_unsigned", "pi_unsigned", "o-ingest-4");
        long before = endOffsets(Topics.WEBHOOKS);

        var answer = postWebhook(body, null);

        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals(before, endOffsets(Topics.WEBHOOKS));
        assertRejectionRecorded("MISSING");
    }

    @Test
    void signedBodyThatIsNotJsonIsAnswered400AndAppendsNothing() throws Exception {
        byte[] body = "this is not json".getBytes(StandardCharsets.UTF_8);
        long before = endOffsets(Topics.WEBHOOKS);

        var answer = postWebhook(body, StripeSignature.sign(SECRET, Instant.now().getEpochSecond(), body));

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals(before, endOffsets(Topics.WEBHOOKS));
        assertRejectionRecorded("MALFORMED_BODY");
    }

    private static WebhookRejected assertRejectionRecorded(String reason) {
        return assertRejectionRecorded("stripe", reason);
    }

    /** The rejection is on payments.webhooks.rejected with where it came from and its sizes, and no secret or unverified body. */
    private static WebhookRejected assertRejectionRecorded(String provider, String reason) {
        var serde = AvroSerde.of(WebhookRejected.class);
        List<WebhookRejected> rejected = recordsWithKey(Topics.WEBHOOKS_REJECTED, provider).stream()
                .map(r -> serde.decode(r.value()))
                .filter(r -> lastRequestId.equals(r.getHeaders().get("x-request-id")))
                .toList();
        assertEquals(1, rejected.size(), "one rejection recorded on " + Topics.WEBHOOKS_REJECTED + " for the request");
        assertEquals(reason, rejected.get(0).getReason());
        WebhookRejected record = rejected.get(0);
        assertTrue(record.getRemoteAddress() != null && !record.getRemoteAddress().isBlank(), "remote address recorded");
        assertTrue(record.getBytesRead() >= 0, "bytes read recorded");
        assertTrue(record.getHeaders().values().stream().noneMatch(v -> v.contains(SECRET)), "no secret in what is recorded");
        assertTrue(!record.getDetail().contains(SECRET), "no secret in the detail");
        if (!reason.equals("MALFORMED_BODY")) {
            assertEquals(null, record.getBody(), "an unverified body is never recorded");
        }
        return record;
    }

    @Test
    void standardWebhookIsAnswered200NamingTransactionAndEventAfterItIsAppended() throws Exception {
        String txn = "txn_" + UUID.randomUUID();
        byte[] body = ("{\"type\":\"payment.succeeded\",\"transactionId\":\"" + txn + "\",\"orderId\":\"o-std-1\","
                + "\"amount\":1250,\"currency\":\"USD\",\"occurredAt\":\"2026-11-24T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        var answer = post("/webhooks/standard", HttpRequest.BodyPublishers.ofByteArray(body), Map.of(
                "Content-Type", "application/json",
                "webhook-id", "msg_" + txn,
                "webhook-timestamp", String.valueOf(now),
                "webhook-signature", StandardWebhookSignature.sign(STANDARD_SECRET, "msg_" + txn, now, body)));

        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"transactionId\":\"" + txn + "\""), answer.body());
        assertTrue(answer.body().contains("\"eventId\":"), answer.body());
        WebhookReceived hook = onlyWebhookWithKey(txn);
        assertEquals("standard", hook.getProvider());
        assertEquals("msg_" + txn, hook.getProviderEventId());
        assertEquals(1250, hook.getAmountMinor());
    }

    @Test
    void unknownProviderIsAnswered404AndRecorded() throws Exception {
        var answer = post("/webhooks/paypal", HttpRequest.BodyPublishers.ofString("{}"), Map.of("Content-Type", "application/json"));

        assertEquals(404, answer.statusCode());
        assertRejectionRecorded("paypal", "UNKNOWN_PROVIDER");
    }

    @Test
    void warehouseCallbacksAre404WhileWarehouseIsNotAmongTheProviders() throws Exception {
        long before = endOffsets(Topics.FULFILLMENT_CALLBACKS);
        byte[] body = "{\"type\":\"shipment.shipped\",\"orderId\":\"o-no-warehouse\",\"requestId\":\"ful_1\",\"occurredAt\":\"2026-12-02T19:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        var answer = post("/webhooks/warehouse", HttpRequest.BodyPublishers.ofByteArray(body), Map.of(
                "Content-Type", "application/json",
                "webhook-id", "msg_no_warehouse",
                "webhook-timestamp", String.valueOf(now),
                "webhook-signature", StandardWebhookSignature.sign(STANDARD_SECRET, "msg_no_warehouse", now, body)));

        assertEquals(404, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("post to one of [/webhooks/standard, /webhooks/stripe]"), answer.body());
        assertRejectionRecorded("warehouse", "UNKNOWN_PROVIDER");
        assertEquals(before, endOffsets(Topics.FULFILLMENT_CALLBACKS));
    }

    @Test
    void wrongContentTypeIsAnswered415AndRecorded() throws Exception {
        byte[] body = paymentIntentSucceeded("evt_xml", "pi_xml", "o-ingest-5");
        long before = endOffsets(Topics.WEBHOOKS);

        var answer = post("/webhooks/stripe", HttpRequest.BodyPublishers.ofByteArray(body), Map.of("Content-Type", "text/xml",
                "Stripe-Signature", StripeSignature.sign(SECRET, Instant.now().getEpochSecond(), body)));

        assertEquals(415, answer.statusCode(), answer.body());
        assertEquals(before, endOffsets(Topics.WEBHOOKS));
        assertRejectionRecorded("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void chunkedBodyOverTheLimitIsAnswered413OnTheBytesRead() throws Exception {
        byte[] big = new byte[MAX_BODY * 3];
        Arrays.fill(big, (byte) 'x');
        long before = endOffsets(Topics.WEBHOOKS);

        // an InputStream publisher of unknown length goes out chunked: no Content-Length to trust
        var answer = post("/webhooks/stripe", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)),
                Map.of("Content-Type", "application/json", "Stripe-Signature", "t=1,v1=00"));

        assertEquals(413, answer.statusCode(), answer.body());
        assertEquals(before, endOffsets(Topics.WEBHOOKS));
        WebhookRejected record = assertRejectionRecorded("TOO_LARGE");
        assertEquals(-1, record.getDeclaredLength(), "no Content-Length was sent");
        assertEquals(MAX_BODY + 1, record.getBytesRead(), "reading stopped one byte past the limit");
    }

    @Test
    void cardNumberInAWebhookIsMaskedBeforeItIsAppendedAndRaisedAsAnAlert() throws Exception {
        String intent = "pi_" + UUID.randomUUID();
        byte[] body = ("{\"id\":\"evt_pan\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"" + intent + "\",\"amount\":4990,"
                + "\"currency\":\"eur\",\"description\":\"paid with 4242424242424242\",\"metadata\":{\"order_id\":\"o-pan\"}}}}")
                .getBytes(StandardCharsets.UTF_8);

        var answer = postWebhook(body, StripeSignature.sign(SECRET, Instant.now().getEpochSecond(), body));

        assertEquals(200, answer.statusCode(), answer.body());
        String stored = StandardCharsets.UTF_8.decode(onlyWebhookWithKey(intent).getRawBody()).toString();
        assertTrue(stored.contains("424242******4242"), stored);
        assertTrue(!stored.contains("4242424242424242"), "no unmasked card number reaches Kafka");
        var alerts = recordsWithKey(Topics.ALERTS, intent);
        assertEquals(1, alerts.size());
        assertEquals("card-number-in-webhook", AvroSerde.of(Alert.class).decode(alerts.get(0).value()).getKind());
    }

    @Test
    void cardNumbersInTheWebhookIdTheTypeAndTheHeadersAreMaskedToo() throws Exception {
        String txn = "txn_" + UUID.randomUUID();
        String webhookId = "msg_4242424242424242";
        byte[] body = ("{\"type\":\"note.5555555555554444\",\"transactionId\":\"" + txn + "\"}").getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        var answer = post("/webhooks/standard", HttpRequest.BodyPublishers.ofByteArray(body), Map.of(
                "Content-Type", "application/json",
                "X-Customer-Note", "card 4000056655665556",
                "webhook-id", webhookId,
                "webhook-timestamp", String.valueOf(now),
                "webhook-signature", StandardWebhookSignature.sign(STANDARD_SECRET, webhookId, now, body)));

        assertEquals(200, answer.statusCode(), answer.body());
        WebhookReceived hook = onlyWebhookWithKey(txn);
        assertEquals(PaymentKind.UNSUPPORTED, hook.getKind());
        assertEquals("msg_424242******4242", hook.getProviderEventId());
        assertEquals("note.555555******4444", hook.getProviderEventType());
        assertEquals("msg_424242******4242", hook.getHeaders().get("webhook-id"));
        assertEquals("card 400005******5556", hook.getHeaders().get("x-customer-note"));
        var alerts = recordsWithKey(Topics.ALERTS, txn);
        assertEquals(1, alerts.size());
        assertTrue(AvroSerde.of(Alert.class).decode(alerts.get(0).value()).getDetail().startsWith("3 card number(s)"));
    }

    @Test
    void cardNumberQuotedInA400DetailIsMaskedInTheAnswerAndTheRecord() throws Exception {
        byte[] body = ("{\"id\":\"evt_4242424242424242\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"pi_no_amount\",\"currency\":\"eur\"}}}")
                .getBytes(StandardCharsets.UTF_8);

        var answer = postWebhook(body, StripeSignature.sign(SECRET, Instant.now().getEpochSecond(), body));

        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("evt_424242******4242"), answer.body());
        WebhookRejected record = assertRejectionRecorded("MALFORMED_BODY");
        assertTrue(record.getDetail().contains("evt_424242******4242"), record.getDetail());
        assertTrue(!record.getDetail().contains("4242424242424242"), record.getDetail());
    }

    /** The value of one rejection counter in /metrics, 0 before its first increment. */
    private static double rejectedCount(String provider, String reason) throws Exception {
        return MetricsScrape.samples(http, baseUrl, "tally_ingest_webhooks_rejected_total", Map.of("provider", provider, "reason", reason))
                .stream().mapToDouble(Double::doubleValue).sum();
    }

    @Test
    void rejectionsAreCountedInMetricsByReason() throws Exception {
        byte[] body = paymentIntentSucceeded("evt_count", "pi_count", "o-count");
        double before = rejectedCount("stripe", "MISMATCH");

        var answer = postWebhook(body, StripeSignature.sign("whsec_wrong", Instant.now().getEpochSecond(), body));

        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals(before + 1, rejectedCount("stripe", "MISMATCH"));
    }

    @Test
    void unknownProvidersAreCountedUnderOneTagWhateverThePathSays() throws Exception {
        String invented = "invented" + UUID.randomUUID().toString().replace("-", "");
        double before = rejectedCount("unknown", "UNKNOWN_PROVIDER");

        var answer = post("/webhooks/" + invented, HttpRequest.BodyPublishers.ofString("{}"), Map.of("Content-Type", "application/json"));

        assertEquals(404, answer.statusCode());
        assertEquals(before + 1, rejectedCount("unknown", "UNKNOWN_PROVIDER"));
        assertEquals(0, rejectedCount(invented, "UNKNOWN_PROVIDER"), "the path's name makes no meter of its own");
        assertRejectionRecorded(invented, "UNKNOWN_PROVIDER");
    }

    @Test
    void validOrderIsAnswered202AfterOrderPlacedIsAppended() throws Exception {
        String orderId = "o-" + UUID.randomUUID();
        var answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/orders"))
                .header("Authorization", Access.bearer(TestTokens.SHOP))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "key-" + orderId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + orderId + "\",\"customerEmail\":\"ada@example.com\","
                        + "\"amount\":4990,\"currency\":\"EUR\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(202, answer.statusCode(), answer.body());
        var appended = recordsWithKey(Topics.ORDERS_PLACED, orderId);
        assertEquals(1, appended.size());
        OrderPlaced placed = AvroSerde.of(OrderPlaced.class).decode(appended.get(0).value());
        assertEquals(4990, placed.getAmountMinor());
        assertEquals("key-" + orderId, placed.getIdempotencyKey());
        assertEquals(1, placed.getItems().size());
    }

    @Test
    void invalidOrderIsAnswered400NamingEveryProblem() throws Exception {
        long before = endOffsets(Topics.ORDERS_PLACED);
        var answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/orders"))
                .header("Authorization", Access.bearer(TestTokens.SHOP))
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"o-bad\",\"amount\":-5,\"currency\":\"euro\",\"items\":[]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("customerEmail"), answer.body());
        assertTrue(answer.body().contains("amount"), answer.body());
        assertTrue(answer.body().contains("currency"), answer.body());
        assertTrue(answer.body().contains("items"), answer.body());
        assertEquals(before, endOffsets(Topics.ORDERS_PLACED));
    }

    @Test
    void readyOnceTheProducerIsConnected() throws Exception {
        var ready = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
        var metrics = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("kafka_producer_"), "Kafka producer metrics are bound");
    }
}
