package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.FreePort;
import com.tally.platform.ServerLimits;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker's inputs get from ingest-service, on {@code POST /orders} with a shop token and
 * on a correctly signed Stripe webhook: JSON nested 200 levels deep and a number of 10,000 digits
 * are 400 with the limit named, headers of 200 KB are 431, a body that never finishes is closed
 * after the idle timeout; and a forged webhook is 401 whatever its body, because the signature is
 * checked before the body is read as JSON.
 */
class HostileInputIT {

    private static final String SECRET = "whsec_hostile_input_it";
    private static final String SHOP_TOKEN = "shop-token-hostile-input-it";
    /** Short, so a stalled client is dropped within the test. */
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final String NESTED_200 = "[".repeat(200) + "]".repeat(200);
    private static final String DIGITS_10000 = "9".repeat(10_000);
    private static final String HEADER_200_KB = "X-Padding: " + "a".repeat(200 * 1024) + "\r\n";
    private static final String HEADER_LIMIT_ERROR = "{\"error\":\"the request line and headers are larger than the 16384 bytes"
            + " Tally accepts: send fewer or shorter headers\"}";
    private static final String STALLED_ERROR = "{\"error\":\"the request did not arrive in full before the connection fell idle"
            + " (TALLY_HTTP_IDLE_TIMEOUT): send it again without pausing\"}";
    private static final HttpClient http = HttpClient.newHttpClient();
    private static IngestService service;
    private static int port;
    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startService() {
        port = FreePort.pick();
        service = IngestOnSharedKafka.start(stateDir, Map.of(
                IngestConfig.PORT, String.valueOf(port),
                IngestConfig.STRIPE_WEBHOOK_SECRET, SECRET,
                IngestConfig.PROVIDERS, IngestConfig.STRIPE,
                ServerLimits.IDLE_TIMEOUT, IDLE.toString(),
                "TALLY_SHOP_TOKENS", SHOP_TOKEN));
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    private static String order(String amount, String extra) {
        return "{\"orderId\":\"o-hostile\",\"customerEmail\":\"ada@example.com\",\"amount\":" + amount + ",\"currency\":\"EUR\","
                + "\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]" + extra + "}";
    }

    private static String stripeEvent(String amount, String extra) {
        return "{\"id\":\"evt_hostile\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"created\":" + Instant.now().getEpochSecond()
                + ",\"data\":{\"object\":{\"id\":\"pi_hostile\",\"amount\":" + amount + ",\"currency\":\"eur\","
                + "\"metadata\":{\"order_id\":\"o-hostile\"}}}" + extra + "}";
    }

    private static HttpResponse<String> placeOrder(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + SHOP_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postWebhook(String body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String signed(String body) {
        return StripeSignature.sign(SECRET, Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return TallyJson.mapper().readTree(answer.body());
    }

    private static String orderHead(int contentLength, String extraHeaders) {
        return "POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: Bearer " + SHOP_TOKEN
                + "\r\n" + extraHeaders + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    private static String webhookHead(String body, String extraHeaders) {
        return "POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nStripe-Signature: " + signed(body)
                + "\r\n" + extraHeaders + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
    }


    @Test
    void orderNested200LevelsDeepIsAnswered400NamingTheLimit() throws Exception {
        var answer = placeOrder(order("4990", ",\"notes\":" + NESTED_200));

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("the body nests deeper than 64 levels, more than Tally reads: send a plain order", json(answer).path("error").asText());
    }

    @Test
    void orderWithAnAmountOf10000DigitsIsAnswered400NamingTheLimit() throws Exception {
        var answer = placeOrder(order(DIGITS_10000, ""));

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("the body holds a number longer than 100 characters, more than Tally reads: send a plain order",
                json(answer).path("error").asText());
    }

    @Test
    void orderWithHeadersOf200KilobytesIsAnswered431() throws Exception {
        byte[] body = order("4990", "").getBytes(StandardCharsets.UTF_8);

        var answer = RawHttp.send(port, orderHead(body.length, HEADER_200_KB), body, Duration.ofSeconds(10));

        assertEquals(431, answer.status());
        assertEquals(HEADER_LIMIT_ERROR, answer.body());
    }

    @Test
    void orderBodyThatNeverFinishesIsClosedAfterTheIdleTimeout() throws Exception {
        byte[] body = order("4990", "").getBytes(StandardCharsets.UTF_8);

        var answer = RawHttp.send(port, orderHead(body.length, ""), Arrays.copyOf(body, body.length / 2), Duration.ofSeconds(15));

        assertEquals(408, answer.status());
        assertEquals(STALLED_ERROR, answer.body());
        answer.assertClosedAfter(IDLE);
    }

    @Test
    void signedWebhookNested200LevelsDeepIsAnswered400NamingTheLimit() throws Exception {
        String body = stripeEvent("4990", ",\"extra\":" + NESTED_200);

        var answer = postWebhook(body, signed(body));

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("MALFORMED_BODY", json(answer).path("reason").asText());
        assertEquals("the body nests deeper than 64 levels, more than Tally reads: a Stripe event never does", json(answer).path("error").asText());
    }

    @Test
    void signedWebhookWithAnAmountOf10000DigitsIsAnswered400NamingTheLimit() throws Exception {
        String body = stripeEvent(DIGITS_10000, "");

        var answer = postWebhook(body, signed(body));

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("MALFORMED_BODY", json(answer).path("reason").asText());
        assertEquals("the body holds a number longer than 100 characters, more than Tally reads: a Stripe event never does",
                json(answer).path("error").asText());
    }

    @Test
    void signedWebhookWithHeadersOf200KilobytesIsAnswered431() throws Exception {
        String body = stripeEvent("4990", "");

        var answer = RawHttp.send(port, webhookHead(body, HEADER_200_KB), body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));

        assertEquals(431, answer.status());
        assertEquals(HEADER_LIMIT_ERROR, answer.body());
    }

    @Test
    void signedWebhookBodyThatNeverFinishesIsClosedAfterTheIdleTimeout() throws Exception {
        byte[] body = stripeEvent("4990", "").getBytes(StandardCharsets.UTF_8);

        var answer = RawHttp.send(port, webhookHead(new String(body, StandardCharsets.UTF_8), ""), Arrays.copyOf(body, body.length / 2),
                Duration.ofSeconds(15));

        assertEquals(408, answer.status());
        assertEquals(STALLED_ERROR, answer.body());
        answer.assertClosedAfter(IDLE);
    }

    @Test
    void forgedWebhookIsAnswered401WhateverItsBody() throws Exception {
        for (String body : List.of(stripeEvent("4990", ",\"extra\":" + NESTED_200), stripeEvent(DIGITS_10000, ""), "{" + NESTED_200)) {
            var answer = postWebhook(body, StripeSignature.sign("whsec_someone_else", Instant.now().getEpochSecond(),
                    body.getBytes(StandardCharsets.UTF_8)));

            assertEquals(401, answer.statusCode(), answer.body());
            assertEquals("MISMATCH", json(answer).path("reason").asText());
        }
    }
}
