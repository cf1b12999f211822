package com.tally.console.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.console.ConsoleApp;
import com.tally.console.ConsoleConfig;
import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.SharedKafka;
import com.tally.platform.testing.TestTokens;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The order routes asking the services over real HTTP. The services are stand-ins that
 * answer as order-stream, fulfillment-stream and notification-stream do (their answers are
 * TimelineTest's), and refuse a caller without the operator token, as they do.
 */
class OrderRoutesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant PAID = Instant.now().minusSeconds(600);
    /** order-stream's answer to /orders?stuck=true: the longest waiting first. */
    private static final String STUCK = """
            {"limit": 100, "truncated": false, "orders": [
              {"orderId": "o-7", "status": "PAID", "amount": 4990, "currency": "EUR", "paidSince": "%s", "stuckSince": "%s", "fulfillmentRequestId": null},
              {"orderId": "o-9", "status": "FULFILLMENT_REQUESTED", "amount": 100, "currency": "JPY", "paidSince": "%s", "stuckSince": "%s",
               "fulfillmentRequestId": "ful_o-9"}]}
            """.formatted(PAID, PAID.plusSeconds(30), PAID.plusSeconds(60), PAID.plusSeconds(90));
    private static Javalin services;
    private static ConsoleApp console;
    private static String base;

    @BeforeAll
    static void start() {
        Map<String, String> answers = Map.of("/orders/o-1", TimelineTest.ORDER, "/fulfillment/o-1", TimelineTest.FULFILLMENT,
                "/notifications/o-1", TimelineTest.NOTIFICATIONS, "/orders", STUCK);
        services = Javalin.create(config -> config.routes.get("/*", ctx -> {
            if (!Access.bearer(TestTokens.OPERATOR).equals(ctx.header("Authorization"))) {
                ctx.status(401).result("{\"error\":\"needs an operator token\"}");
            } else if (answers.containsKey(ctx.path())) {
                ctx.contentType("application/json").result(answers.get(ctx.path()));
            } else {
                ctx.status(404).result("{\"error\":\"unknown\"}");
            }
        })).start(0);
        String url = "http://localhost:" + services.port();
        int port = FreePort.pick();
        var env = new HashMap<>(TestTokens.environment());
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        env.put(ConsoleConfig.PORT_VARIABLE, String.valueOf(port));
        env.put(ConsoleConfig.ORDER_STREAM_URL, url);
        env.put(ConsoleConfig.FULFILLMENT_STREAM_URL, url);
        env.put(ConsoleConfig.NOTIFICATION_STREAM_URL, url + "/");
        console = new ConsoleApp(ConsoleConfig.fromEnv(env));
        console.start();
        base = "http://localhost:" + port;
    }

    @AfterAll
    static void stop() {
        console.close();
        services.stop();
    }

    private static HttpResponse<String> timeline(String orderId, String authorization) throws Exception {
        return get("/api/orders/" + orderId + "/timeline", authorization);
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOrdersTimelineGathersEveryServicesRecordsInTimeOrderWithTheCallersToken() throws Exception {
        var answer = timeline("o-1", Access.bearer(TestTokens.OPERATOR));

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = TallyJson.mapper().readTree(answer.body());
        assertEquals("REFUNDED", body.get("status").asText());
        assertEquals(11, body.get("entries").size());
        assertEquals("PENDING → PAID", body.get("entries").get(1).get("what").asText());
        assertEquals("notification-stream", body.get("entries").get(10).get("service").asText());
        assertEquals("200", body.get("sources").get("fulfillment-stream").asText());
    }

    @Test
    void theStuckOrdersComeAsOrderStreamListsThemWithHowLongTheOldestHasWaited() throws Exception {
        var answer = get("/api/orders/stuck", Access.bearer(TestTokens.OPERATOR));

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = TallyJson.mapper().readTree(answer.body());
        assertEquals(2, body.get("orders").size());
        assertEquals("o-7", body.get("orders").get(0).get("orderId").asText());
        assertEquals(PAID.toString(), body.get("oldestPaidSince").asText());
        long waited = body.get("oldestWaitingSeconds").asLong();
        assertTrue(waited >= 600 && waited < 630, "waited " + waited + " s");
        assertEquals(401, get("/api/orders/stuck", null).statusCode());
    }

    @Test
    void anOrderNobodyPlacedIs404AndACallerWithoutTheTokenIs401() throws Exception {
        var unknown = timeline("o-never", Access.bearer(TestTokens.OPERATOR));
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("knows no order o-never"), unknown.body());

        assertEquals(401, timeline("o-1", null).statusCode());
    }
}
