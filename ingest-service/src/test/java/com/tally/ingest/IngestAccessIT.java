package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Access;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may place an order: ingest-service started with one list of shop tokens, then restarted
 * with a rotated list, as an operator rotates a token instance by instance.
 */
class IngestAccessIT {

    private static final String OLD = "old-shop-token-000000000000000000";
    private static final String CURRENT = "current-shop-token-11111111111111";
    private static final String NEXT = "next-shop-token-2222222222222222";
    private static final String OPERATOR = "operator-token-33333333333333333";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path stateDir;

    private IngestService start(String shopTokens, boolean metricsProtected) {
        return IngestOnSharedKafka.start(stateDir, Map.of(
                IngestConfig.PROVIDERS, "stripe",
                IngestConfig.STRIPE_WEBHOOK_SECRET, "whsec_ingest_access_it",
                Access.SHOP_TOKENS, shopTokens,
                Access.OPERATOR_TOKENS, OPERATOR,
                Access.METRICS_PROTECTED, String.valueOf(metricsProtected)));
    }

    private static HttpResponse<String> placeOrder(IngestService ingest, String orderId, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(ingest.url() + "/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + orderId + "\",\"customerEmail\":\"ada@example.com\","
                        + "\"amount\":4990,\"currency\":\"EUR\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(IngestService ingest, String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(ingest.url() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** How many times each of these order IDs is on orders.placed. */
    private static Map<String, Long> placements(List<String> orderIds) {
        return CommittedLog.of(SharedKafka.bootstrapServers(), Topics.ORDERS_PLACED).stream()
                .filter(record -> orderIds.contains(record.key()))
                .collect(Collectors.groupingBy(record -> record.key(), Collectors.counting()));
    }

    @Test
    void placingAnOrderNeedsAShopTokenOfTheCurrentListAndEitherOfARotatedListWorks() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        var beforeRotation = start(OLD + "," + CURRENT, false);
        try {
            assertEquals(202, placeOrder(beforeRotation, "o-old-" + run, "Bearer " + OLD).statusCode(), "the old token works before the rotation");
        } finally {
            beforeRotation.close();
        }

        var ingest = start(CURRENT + "," + NEXT, false);
        try {
            var none = placeOrder(ingest, "o-none-" + run, null);
            var wrong = placeOrder(ingest, "o-wrong-" + run, "Bearer wrong-shop-token-4444444444444");
            var revoked = placeOrder(ingest, "o-revoked-" + run, "Bearer " + OLD);
            var operator = placeOrder(ingest, "o-operator-" + run, "Bearer " + OPERATOR);
            var current = placeOrder(ingest, "o-current-" + run, "Bearer " + CURRENT);
            var next = placeOrder(ingest, "o-next-" + run, "Bearer " + NEXT);
            var browser = placeOrder(ingest, "o-basic-" + run, basic("shop", NEXT));

            assertEquals(401, none.statusCode(), none.body());
            assertEquals(List.of("Bearer realm=\"tally\"", "Basic realm=\"tally\""), none.headers().allValues("WWW-Authenticate"));
            assertTrue(none.body().contains("\"configuredIn\":\"TALLY_SHOP_TOKENS\""), none.body());
            assertTrue(none.body().contains("\"needs\":\"shop token\""), none.body());
            assertEquals(401, wrong.statusCode(), wrong.body());
            assertEquals(401, revoked.statusCode(), "revoked by the rotation: " + revoked.body());
            assertEquals(401, operator.statusCode(), "an operator token is not a shop token: " + operator.body());
            assertEquals(202, current.statusCode(), current.body());
            assertEquals(202, next.statusCode(), next.body());
            assertEquals(202, browser.statusCode(), "Basic with the token as the password: " + browser.body());
        } finally {
            ingest.close();
        }
        var placed = placements(List.of("o-old-" + run, "o-none-" + run, "o-wrong-" + run, "o-revoked-" + run, "o-operator-" + run,
                "o-current-" + run, "o-next-" + run, "o-basic-" + run));
        assertEquals(Map.of("o-old-" + run, 1L, "o-current-" + run, 1L, "o-next-" + run, 1L, "o-basic-" + run, 1L), placed,
                "a refused order never reaches Kafka");
    }

    @Test
    void healthAndReadyStayOpenAndProtectedMetricsNeedAnOperatorToken() throws Exception {
        var ingest = start(CURRENT, true);
        try {
            assertEquals(200, get(ingest, "/health", null).statusCode());
            assertEquals(200, get(ingest, "/ready", null).statusCode());
            assertEquals(401, get(ingest, "/metrics", null).statusCode());
            assertEquals(401, get(ingest, "/metrics", "Bearer " + CURRENT).statusCode(), "a shop token does not read metrics");
            var metrics = get(ingest, "/metrics", "Bearer " + OPERATOR);
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("kafka_producer_"), "the service's own metrics");
        } finally {
            ingest.close();
        }
    }
}
