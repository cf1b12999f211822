package com.tally.proof.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.Eventually;
import com.tally.proof.stack.StackEnvironment;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The processor simulator over real HTTP, called as the refund dispatcher calls Stripe: its idempotency, its checks, its modes, its webhook. */
class ProcessorSimulatorTest {

    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String SECRET = StackEnvironment.DEFAULT_STRIPE_SECRET;

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable each : started) {
            each.close();
        }
    }

    private ProcessorSimulator processor() {
        return start(ProcessorSimulator.builder().port(0));
    }

    private ProcessorSimulator start(ProcessorSimulator.Builder builder) {
        var processor = builder.build();
        processor.start();
        started.add(processor);
        // every test refunds from this charge of 15.00
        processor.charge("pi_1", "o-1", 1500, "EUR");
        return processor;
    }

    /** Ingest's Stripe endpoint, standing in: records each webhook and refuses the first {@code failures} with 503. */
    private final class FakeIngest {
        record Post(String signature, byte[] body) {
        }

        final List<Post> posts = new CopyOnWriteArrayList<>();
        final AtomicInteger failures;
        final HttpServer server;

        FakeIngest(int failures) throws IOException {
            this.failures = new AtomicInteger(failures);
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext(ProcessorSimulator.WEBHOOK_PATH, exchange -> {
                posts.add(new Post(exchange.getRequestHeaders().getFirst(StripeSignature.HEADER), exchange.getRequestBody().readAllBytes()));
                int status = this.failures.getAndDecrement() > 0 ? 503 : 200;
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            started.add(() -> server.stop(0));
        }

        String url() {
            return "http://localhost:" + server.getAddress().getPort();
        }
    }

    private ProcessorSimulator processorTelling(FakeIngest ingest) {
        return start(ProcessorSimulator.builder().port(0).ingestUrl(ingest.url()).stripeSecret(SECRET)
                .refundedAfter(Duration.ofMillis(100)).webhookRetry(Duration.ofMillis(100), Duration.ofMillis(400)));
    }

    /** The dispatcher's form: {@code payment_intent}, {@code amount} and the two metadata fields. */
    private static Map<String, String> form(String paymentIntent, long amount, String orderId, String refundId) {
        var form = new LinkedHashMap<String, String>();
        form.put("payment_intent", paymentIntent);
        form.put("amount", String.valueOf(amount));
        form.put("metadata[order_id]", orderId);
        form.put("metadata[refund_id]", refundId);
        return form;
    }

    private static HttpRequest refundCall(ProcessorSimulator processor, String key, Map<String, String> form, String authorization) {
        String body = form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        // bounded: a call on a connection the processor dropped must fail the test, not hang it
        var request = HttpRequest.newBuilder(URI.create(processor.url() + ProcessorSimulator.REFUNDS_PATH)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", authorization);
        if (key != null) {
            request.header(ProcessorSimulator.IDEMPOTENCY_KEY, key);
        }
        return request.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> refund(ProcessorSimulator processor, String key, Map<String, String> form) throws Exception {
        return client.send(refundCall(processor, key, form, "Bearer " + ProcessorSimulator.SANDBOX_API_KEY), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
        return client.send(request.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) throws Exception {
        return TallyJson.mapper().readTree(text);
    }

    private static String errorCode(HttpResponse<String> response) throws Exception {
        return json(response.body()).path("error").path("code").asText();
    }

    @Test
    void aRefundIsMadeOnceAndItsAnswerReplayedForARepeatedKey() throws Exception {
        var processor = processor();

        var first = refund(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"));
        var second = refund(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"));

        assertEquals(200, first.statusCode(), first.body());
        assertEquals(first.body(), second.body());
        assertEquals(200, second.statusCode());
        assertFalse(first.headers().firstValue(ProcessorSimulator.REPLAYED).isPresent());
        assertEquals("true", second.headers().firstValue(ProcessorSimulator.REPLAYED).orElse(null));
        JsonNode refund = json(first.body());
        assertTrue(refund.path("id").asText().matches("re_[A-Za-z0-9]{24}"), first.body());
        assertEquals("refund", refund.path("object").asText());
        assertEquals(1500, refund.path("amount").asLong());
        assertEquals("eur", refund.path("currency").asText());
        assertEquals("pi_1", refund.path("payment_intent").asText());
        assertEquals("ch_pi_1", refund.path("charge").asText());
        assertEquals("succeeded", refund.path("status").asText());
        assertEquals("rfd_a", refund.path("metadata").path("refund_id").asText());
        assertEquals("o-1", refund.path("metadata").path("order_id").asText());
        var order = processor.refunds("o-1");
        assertEquals(2, order.calls());
        assertEquals(1, order.uniqueRefunds());
        var request = order.requests().get(0);
        assertEquals("rfd_a", request.refundRequestId());
        assertEquals(List.of("rfd_a"), request.idempotencyKeys());
        assertEquals(Map.of(200, 2L), request.answers());
        assertEquals(refund.path("id").asText(), request.refunds().get(0).refundId());
        assertFalse(request.refunds().get(0).webhookDelivered(), "no ingest, no webhook");
        assertEquals(2, processor.callsWithKey("rfd_a"));
        assertEquals(1500, processor.chargeOf("pi_1").refunded());
        assertEquals(List.of(), processor.summary().refundIdsRefundedMoreThanOnce());
    }

    @Test
    void theSameKeyWithOtherParametersIsRefusedAndRefundsNothing() throws Exception {
        var processor = processor();
        assertEquals(200, refund(processor, "rfd_a", form("pi_1", 500, "o-1", "rfd_a")).statusCode());

        var other = refund(processor, "rfd_a", form("pi_1", 700, "o-1", "rfd_a"));

        assertEquals(400, other.statusCode(), other.body());
        assertEquals("idempotency_error", json(other.body()).path("error").path("type").asText());
        assertTrue(json(other.body()).path("error").path("message").asText().startsWith("Keys for idempotent requests can only be used with the"
                + " same parameters they were first used with"), other.body());
        assertEquals(1, processor.summary().uniqueRefunds());
        assertEquals(500, processor.chargeOf("pi_1").refunded());
    }

    @Test
    void anUnknownPaymentIntentIs404AndTheAnswerIsKeptForItsKey() throws Exception {
        var processor = processor();

        var unknown = refund(processor, "rfd_x", form("pi_never", 100, "o-9", "rfd_x"));
        processor.charge("pi_never", "o-9", 100, "eur");
        var repeat = refund(processor, "rfd_x", form("pi_never", 100, "o-9", "rfd_x"));

        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals("resource_missing", errorCode(unknown));
        assertTrue(json(unknown.body()).path("error").path("message").asText().startsWith("No such payment_intent: 'pi_never'"), unknown.body());
        assertEquals(404, repeat.statusCode(), "Stripe keeps the first answer, even after the charge appeared");
        assertEquals("true", repeat.headers().firstValue(ProcessorSimulator.REPLAYED).orElse(null));
        assertEquals(0, processor.summary().uniqueRefunds());
    }

    @Test
    void refundsTakeWhatRemainsOfTheChargeAndNoMore() throws Exception {
        var processor = processor();

        var part = refund(processor, "rfd_1", form("pi_1", 1000, "o-1", "rfd_1"));
        var tooMuch = refund(processor, "rfd_2", form("pi_1", 501, "o-1", "rfd_2"));
        var byCharge = new LinkedHashMap<String, String>();
        byCharge.put("charge", "ch_pi_1");
        byCharge.put("metadata[order_id]", "o-1");
        byCharge.put("metadata[refund_id]", "rfd_3");
        var rest = refund(processor, "rfd_3", byCharge);
        var nothingLeft = refund(processor, "rfd_4", form("pi_1", 1, "o-1", "rfd_4"));

        assertEquals(200, part.statusCode(), part.body());
        assertEquals(400, tooMuch.statusCode(), tooMuch.body());
        assertEquals("amount_too_large", errorCode(tooMuch));
        assertEquals(200, rest.statusCode(), rest.body());
        assertEquals(500, json(rest.body()).path("amount").asLong(), "no amount: what remains");
        assertEquals("pi_1", json(rest.body()).path("payment_intent").asText());
        assertEquals(400, nothingLeft.statusCode(), nothingLeft.body());
        assertEquals("charge_already_refunded", errorCode(nothingLeft));
        assertEquals("Charge ch_pi_1 has already been refunded.", json(nothingLeft.body()).path("error").path("message").asText());
        assertEquals(new Charge("pi_1", "o-1", 1500, "eur", 1500), processor.chargeOf("pi_1"));
    }

    @Test
    void aFormStripeWouldNotActOnIs400AndNothingIsKeptForItsKey() throws Exception {
        var processor = processor();
        var bad = form("pi_1", 0, "o-1", "rfd_a");
        bad.put("amount", "ten");
        bad.put("surprise", "1");

        var refused = refund(processor, "rfd_a", bad);
        var good = refund(processor, "rfd_a", form("pi_1", 100, "o-1", "rfd_a"));

        assertEquals(400, refused.statusCode(), refused.body());
        String message = json(refused.body()).path("error").path("message").asText();
        assertTrue(message.contains("Invalid integer: ten") && message.contains("Received unknown parameter: surprise"), message);
        assertEquals(200, good.statusCode(), good.body());
        assertFalse(good.headers().firstValue(ProcessorSimulator.REPLAYED).isPresent());
    }

    @Test
    void aWrongOrMissingApiKeyIs401AndNotKept() throws Exception {
        var processor = processor();
        var form = form("pi_1", 100, "o-1", "rfd_a");

        var wrong = client.send(refundCall(processor, "rfd_a", form, "Bearer sk_test_wrong_key_1234"), HttpResponse.BodyHandlers.ofString());
        var missing = client.send(refundCall(processor, "rfd_a", form, ""), HttpResponse.BodyHandlers.ofString());
        String basic = "Basic " + Base64.getEncoder().encodeToString((ProcessorSimulator.SANDBOX_API_KEY + ":").getBytes(StandardCharsets.UTF_8));
        var right = client.send(refundCall(processor, "rfd_a", form, basic), HttpResponse.BodyHandlers.ofString());

        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals("invalid_request_error", json(wrong.body()).path("error").path("type").asText());
        assertEquals("Invalid API Key provided: " + "*".repeat("sk_test_wrong_key_".length()) + "1234", json(wrong.body()).path("error").path("message").asText());
        assertEquals(401, missing.statusCode(), missing.body());
        assertTrue(json(missing.body()).path("error").path("message").asText().startsWith("You did not provide an API key"), missing.body());
        assertEquals(200, right.statusCode(), "the refusals were not kept for the key: " + right.body());
        assertEquals(Map.of(200, 1L, 401, 2L), processor.summary().answers());
    }

    @Test
    void failModeAnswersBeforeDoingAnythingSoTheNextCallMakesTheOneRefund() throws Exception {
        var processor = processor();
        processor.mode(ProcessorMode.fail(500));

        var failed = refund(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"));
        var failedAgain = refund(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"));
        processor.mode(ProcessorMode.up());
        var made = refund(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"));

        assertEquals(500, failed.statusCode(), failed.body());
        assertEquals("api_error", json(failed.body()).path("error").path("type").asText());
        assertEquals(500, failedAgain.statusCode());
        assertEquals(200, made.statusCode(), made.body());
        assertFalse(made.headers().firstValue(ProcessorSimulator.REPLAYED).isPresent());
        var order = processor.refunds("o-1");
        assertEquals(3, order.calls());
        assertEquals(1, order.uniqueRefunds());
        assertEquals(Map.of(200, 1L, 500, 2L), order.requests().get(0).answers());
    }

    @Test
    void refuseModeRefusalIsKeptForItsKeyAfterTheModeEnds() throws Exception {
        var processor = processor();
        processor.mode(ProcessorMode.refuse());

        var refused = refund(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"));
        processor.mode(ProcessorMode.up());
        var repeat = refund(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"));
        var otherKey = refund(processor, "rfd_b", form("pi_1", 1500, "o-1", "rfd_b"));

        assertEquals(402, refused.statusCode(), refused.body());
        assertEquals(ProcessorMode.DEFAULT_REFUSAL, json(refused.body()).path("error").path("message").asText());
        assertEquals(402, repeat.statusCode(), "Stripe gives the kept answer again, as a repeat should");
        assertEquals(refused.body(), repeat.body());
        assertEquals(200, otherKey.statusCode(), otherKey.body());
        assertEquals(1, processor.summary().uniqueRefunds());
    }

    @Test
    void holdMakesTheRefundAtOnceAndKeepsItsAnswerWhileARepeatGets409() throws Exception {
        var processor = processor();
        processor.mode(ProcessorMode.hold(Duration.ofSeconds(10)));

        CompletableFuture<HttpResponse<String>> first = client.sendAsync(refundCall(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"),
                "Bearer " + ProcessorSimulator.SANDBOX_API_KEY), HttpResponse.BodyHandlers.ofString());
        Eventually.await(Duration.ofSeconds(5), "the first call is held", processor::held, held -> held == 1);
        assertEquals(1, processor.summary().uniqueRefunds(), "made before its answer left");
        var repeat = refund(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"));
        assertFalse(first.isDone());

        assertEquals(1, processor.release());
        var answered = first.get(5, TimeUnit.SECONDS);
        var afterwards = refund(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"));

        assertEquals(409, repeat.statusCode(), repeat.body());
        assertEquals("idempotency_key_in_use", errorCode(repeat));
        assertEquals(200, answered.statusCode(), answered.body());
        assertEquals(200, afterwards.statusCode(), "a replay is not held: " + afterwards.body());
        assertEquals(answered.body(), afterwards.body());
        assertEquals(3, processor.callsWithKey("rfd_a"));
        assertEquals(1, processor.refunds("o-1").uniqueRefunds());
        assertEquals(0, processor.held());
    }

    @Test
    void theWebhookArrivesSignedOnceWithTheRefundsIdAndAmount() throws Exception {
        var ingest = new FakeIngest(0);
        var processor = processorTelling(ingest);

        var made = refund(processor, "rfd_a", form("pi_1", 600, "o-1", "rfd_a"));
        String refundId = json(made.body()).path("id").asText();
        Eventually.await(Duration.ofSeconds(5), "the webhook is delivered", () -> processor.summary().webhooksDelivered(), n -> n == 1);
        Thread.sleep(300);

        assertEquals(1, ingest.posts.size(), "once");
        var post = ingest.posts.get(0);
        var check = new StripeSignature(List.of(SECRET), Duration.ofMinutes(5), Clock.systemUTC()).verify(post.signature(), post.body());
        assertTrue(check.isValid(), check.detail());
        JsonNode event = TallyJson.mapper().readTree(post.body());
        assertEquals("charge.refunded", event.path("type").asText());
        assertEquals("evt_" + refundId.substring(3), event.path("id").asText());
        JsonNode charge = event.path("data").path("object");
        assertEquals("pi_1", charge.path("payment_intent").asText());
        assertEquals("o-1", charge.path("metadata").path("order_id").asText());
        assertEquals(refundId, charge.path("refunds").path("data").path(0).path("id").asText());
        assertEquals(600, charge.path("refunds").path("data").path(0).path("amount").asLong());
        assertTrue(processor.refunds("o-1").requests().get(0).refunds().get(0).webhookDelivered());
        assertEquals(0, processor.summary().webhooksPending());
    }

    @Test
    void theWebhookIsSentAgainUntilIngestTakesIt() throws Exception {
        var ingest = new FakeIngest(2);
        var processor = processorTelling(ingest);

        refund(processor, "rfd_a", form("pi_1", 1500, "o-1", "rfd_a"));
        Eventually.await(Duration.ofSeconds(5), "the webhook is delivered", () -> processor.summary().webhooksDelivered(), n -> n == 1);

        assertEquals(3, ingest.posts.size(), "two refused, the third taken");
        var verifier = new StripeSignature(List.of(SECRET), Duration.ofMinutes(5), Clock.systemUTC());
        for (var post : ingest.posts) {
            assertTrue(verifier.verify(post.signature(), post.body()).isValid());
            assertEquals(new String(ingest.posts.get(0).body(), StandardCharsets.UTF_8), new String(post.body(), StandardCharsets.UTF_8),
                    "the same event each time");
        }
    }

    @Test
    void downRefusesConnectionsUntilSwitchedUp() throws Exception {
        var processor = processor();

        processor.mode(ProcessorMode.down());

        var fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThrows(ConnectException.class, () -> fresh.send(refundCall(processor, "rfd_a", form("pi_1", 100, "o-1", "rfd_a"),
                "Bearer " + ProcessorSimulator.SANDBOX_API_KEY), HttpResponse.BodyHandlers.ofString()));
        processor.mode(ProcessorMode.up());
        assertEquals(200, fresh.send(refundCall(processor, "rfd_a", form("pi_1", 100, "o-1", "rfd_a"),
                "Bearer " + ProcessorSimulator.SANDBOX_API_KEY), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(1, processor.summary().calls(), "a refused connection never reached the processor");
    }

    @Test
    void callsWithoutAnIdempotencyKeyMakeARefundEachAndTheSummarySaysSo() throws Exception {
        var processor = processor();

        var first = refund(processor, null, form("pi_1", 500, "o-1", "rfd_a"));
        var second = refund(processor, null, form("pi_1", 500, "o-1", "rfd_a"));

        assertEquals(200, first.statusCode(), first.body());
        assertEquals(200, second.statusCode(), second.body());
        assertFalse(json(first.body()).path("id").asText().equals(json(second.body()).path("id").asText()));
        var summary = processor.summary();
        assertEquals(2, summary.callsWithoutKey());
        assertEquals(2, summary.uniqueRefunds());
        assertEquals(List.of("rfd_a"), summary.refundIdsRefundedMoreThanOnce());
        assertEquals(2, processor.refunds("o-1").requests().get(0).uniqueRefunds());
    }

    @Test
    void chargesAreRegisteredOnceAndRefusedWithOtherFigures() throws Exception {
        var processor = processor();
        String charges = processor.url() + "/processor/charges";

        var registered = post(charges, "[{\"paymentIntent\":\"pi_2\",\"orderId\":\"o-2\",\"amount\":900,\"currency\":\"EUR\"},"
                + "{\"paymentIntent\":\"pi_3\",\"orderId\":\"o-3\",\"amount\":100,\"currency\":\"usd\"}]");
        var again = post(charges, "{\"paymentIntent\":\"pi_2\",\"orderId\":\"o-2\",\"amount\":900,\"currency\":\"eur\"}");
        var other = post(charges, "{\"paymentIntent\":\"pi_2\",\"orderId\":\"o-2\",\"amount\":901,\"currency\":\"eur\"}");
        var bad = post(charges, "[{\"paymentIntent\":\"pi_4\",\"amount\":\"ten\",\"currency\":\"eur\"},{\"orderId\":\"o-5\",\"amount\":5,\"currency\":\"euro\"}]");

        assertEquals(201, registered.statusCode(), registered.body());
        assertEquals(2, json(registered.body()).path("charges").size());
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(409, other.statusCode(), other.body());
        assertTrue(json(other.body()).path("reason").asText().contains("pi_2 is already a charge of 900 eur"), other.body());
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals(List.of("charge 1: orderId is missing: the order the charge paid for",
                        "charge 1: amount must be a whole number of minor units above 0, e.g. 1500 for 15.00",
                        "charge 2: paymentIntent is missing: the payment intent charged, e.g. \"pi_123\"",
                        "charge 2: currency must be an ISO 4217 code such as \"eur\""),
                TallyJson.mapper().convertValue(json(bad.body()).path("problems"), List.class));
        assertNull(processor.chargeOf("pi_4"));
        var shown = get(charges + "?paymentIntent=pi_2");
        assertEquals(200, shown.statusCode(), shown.body());
        assertEquals(new Charge("pi_2", "o-2", 900, "eur", 0), TallyJson.mapper().readValue(shown.body(), Charge.class));
        assertEquals(404, get(charges + "?paymentIntent=pi_9").statusCode());
        assertEquals(400, get(charges + "?paymentIntent=").statusCode());
        assertThrows(IllegalArgumentException.class, () -> processor.charge("pi_2", "o-2", 1, "eur"));
    }

    @Test
    void theQueriesAndTheModeAnswerOverHttp() throws Exception {
        var processor = processor();
        refund(processor, "rfd_a", form("pi_1", 100, "o-1", "rfd_a"));

        var order = get(processor.url() + "/processor/refunds?orderId=o-1");
        var summary = get(processor.url() + "/processor/refunds");
        var empty = get(processor.url() + "/processor/refunds?orderId=");
        var switched = post(processor.url() + "/processor/mode", "{\"mode\":\"fail\",\"status\":503}");
        var wrongStatus = post(processor.url() + "/processor/mode?mode=refuse&status=500", null);
        var released = post(processor.url() + "/processor/release", null);

        assertEquals(200, order.statusCode(), order.body());
        assertEquals(processor.refunds("o-1"), TallyJson.mapper().readValue(order.body(), OrderRefunds.class));
        assertEquals(1, json(summary.body()).path("uniqueRefunds").asInt(), summary.body());
        assertEquals(400, empty.statusCode());
        assertTrue(json(empty.body()).path("reason").asText().contains("GET /processor/refunds?orderId=<order ID>"), empty.body());
        assertEquals(200, switched.statusCode(), switched.body());
        assertEquals(ProcessorMode.fail(503), processor.mode());
        assertEquals(503, refund(processor, "rfd_b", form("pi_1", 100, "o-1", "rfd_b")).statusCode());
        assertEquals(400, wrongStatus.statusCode(), wrongStatus.body());
        assertEquals("refuse's status must be 400 or 402, not 500", json(wrongStatus.body()).path("reason").asText());
        assertEquals(0, json(released.body()).path("released").asInt());
    }
}
