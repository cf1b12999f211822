package com.tally.proof.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.Eventually;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The warehouse simulator over real HTTP: its idempotency, its modes and its counts. */
class WarehouseSimulatorTest {

    private static final Instant NOW = Instant.parse("2026-12-02T19:00:00Z");
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final List<WarehouseSimulator> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(WarehouseSimulator::close);
    }

    /** A warehouse without callbacks, on a clock that stands still, so its answers can be compared whole. */
    private WarehouseSimulator warehouse(long seed) {
        var warehouse = WarehouseSimulator.builder().port(0).seed(seed).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        warehouse.start();
        started.add(warehouse);
        return warehouse;
    }

    static String request(String requestId, String orderId, int attempt, String... skus) {
        var items = new StringBuilder();
        for (String sku : skus) {
            items.append(items.length() == 0 ? "" : ",").append("{\"sku\":\"").append(sku).append("\",\"quantity\":1}");
        }
        return "{\"requestId\":\"" + requestId + "\",\"orderId\":\"" + orderId + "\",\"attempt\":" + attempt + ",\"items\":[" + items + "]}";
    }

    static HttpRequest shipmentCall(WarehouseSimulator warehouse, String key, String body) {
        // bounded: a call on a connection the warehouse dropped must fail the test, not hang it
        return HttpRequest.newBuilder(URI.create(warehouse.shipmentsUrl())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(WarehouseSimulator.IDEMPOTENCY_KEY, key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static HttpResponse<String> ship(WarehouseSimulator warehouse, String key, String body) throws Exception {
        return client.send(shipmentCall(warehouse, key, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> ship(WarehouseSimulator warehouse, String requestId, String orderId, int attempt) throws Exception {
        return ship(warehouse, requestId, request(requestId, orderId, attempt, "SKU-1"));
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
        return client.send(request.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String url) throws Exception {
        var response = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body());
    }

    private static JsonNode json(String text) throws Exception {
        return TallyJson.mapper().readTree(text);
    }

    @Test
    void sameKeyTwiceGetsTheFirstAnswerAgainAndMakesOneShipment() throws Exception {
        var warehouse = warehouse(1);

        var first = ship(warehouse, "ful_a", "o-1", 1);
        var second = ship(warehouse, "ful_a", "o-1", 2);

        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, second.statusCode(), second.body());
        assertEquals(first.body(), second.body());
        assertTrue(json(first.body()).path("shipmentId").asText().startsWith("shp_"), first.body());
        assertFalse(first.headers().firstValue(WarehouseSimulator.REPLAYED).isPresent());
        assertEquals("true", second.headers().firstValue(WarehouseSimulator.REPLAYED).orElse(null));
        var summary = warehouse.summary();
        assertEquals(2, summary.calls());
        assertEquals(1, summary.uniqueShipments());
        assertEquals(0, summary.requestIdsWithMoreThanOneShipment());
    }

    @Test
    void concurrentCallsWithOneKeyMakeOneShipment() throws Exception {
        var warehouse = warehouse(1);
        int callers = 16;
        var go = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(callers);
        try {
            var answers = new ArrayList<Future<HttpResponse<String>>>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return ship(warehouse, "ful_race", "o-race", 1);
                }));
            }
            go.countDown();
            var shipmentIds = new HashSet<String>();
            int accepted = 0;
            for (var answer : answers) {
                var response = answer.get(10, TimeUnit.SECONDS);
                assertTrue(response.statusCode() == 201 || response.statusCode() == 409, response.statusCode() + " " + response.body());
                if (response.statusCode() == 201) {
                    accepted++;
                    shipmentIds.add(json(response.body()).path("shipmentId").asText());
                }
            }
            assertTrue(accepted >= 1, "no caller got the shipment's answer");
            assertEquals(1, shipmentIds.size(), "every 201 names the one shipment: " + shipmentIds);
        } finally {
            pool.shutdownNow();
        }
        var summary = warehouse.summary();
        assertEquals(callers, summary.calls());
        assertEquals(1, summary.uniqueShipments());
        assertEquals(1, warehouse.shipments("o-race").requests().get(0).shipments().size());
    }

    @Test
    void downRefusesConnectionsUntilSwitchedUpOnTheSamePort() throws Exception {
        var warehouse = warehouse(1);
        assertEquals(201, ship(warehouse, "ful_before", "o-1", 1).statusCode());
        int port = warehouse.port();

        warehouse.mode(WarehouseMode.down());

        // the shared client holds the connection of the first call: closed with the listener, it answers nothing
        assertThrows(IOException.class, () -> ship(warehouse, "ful_during", "o-2", 1));
        var fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThrows(ConnectException.class, () -> fresh.send(shipmentCall(warehouse, "ful_during", request("ful_during", "o-2", 1, "SKU-1")),
                HttpResponse.BodyHandlers.ofString()));

        warehouse.mode(WarehouseMode.up());

        assertEquals(port, warehouse.port());
        assertEquals(201, ship(warehouse, "ful_after", "o-3", 1).statusCode());
        var summary = warehouse.summary();
        assertEquals(2, summary.calls(), "a refused connection never reached the warehouse");
        assertEquals(2, summary.uniqueShipments());
    }

    @Test
    void downOverHttpAnswersFirstThenRefusesAndComesBackUpByItself() throws Exception {
        var warehouse = warehouse(1);

        var switched = post(warehouse.url() + "/warehouse/mode?mode=down&for=PT2S", null);

        assertEquals(200, switched.statusCode(), switched.body());
        assertEquals("down", json(switched.body()).path("current").path("mode").asText());
        assertEquals("PT2S", json(switched.body()).path("current").path("for").asText());
        Eventually.await(Duration.ofSeconds(2), "the listener closes", () -> {
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(warehouse.url() + "/warehouse/mode")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return false;
            } catch (ConnectException refused) {
                return true;
            }
        }, refused -> refused);
        Eventually.await(Duration.ofSeconds(10), "the warehouse comes back up", () -> {
            try {
                return HttpClient.newHttpClient().send(shipmentCall(warehouse, "ful_back", request("ful_back", "o-1", 1, "SKU-1")),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (ConnectException refused) {
                return 0;
            }
        }, status -> status == 201);
        assertEquals("up", warehouse.mode().name());
    }

    @Test
    void flakyFailsTheSameCallsForTheSameSeedAndShipsNothingForThem() throws Exception {
        var first = warehouse(7);
        var second = warehouse(7);
        first.mode(WarehouseMode.flaky(50));
        second.mode(WarehouseMode.flaky(50));

        var statuses = new ArrayList<Integer>();
        for (int i = 0; i < 30; i++) {
            int status = ship(first, "ful_" + i, "o-" + i, 1).statusCode();
            assertEquals(status, ship(second, "ful_" + i, "o-" + i, 1).statusCode(), "call " + i + " under the same seed");
            statuses.add(status);
        }

        long failed = statuses.stream().filter(status -> status == 503).count();
        long shipped = statuses.stream().filter(status -> status == 201).count();
        assertEquals(30, failed + shipped, statuses.toString());
        assertTrue(failed > 0 && shipped > 0, "half the calls fail: " + statuses);
        assertEquals(shipped, first.summary().uniqueShipments());
        int failedCall = statuses.indexOf(503);
        first.mode(WarehouseMode.flaky(100));
        var alwaysFails = ship(first, "ful_" + failedCall, "o-" + failedCall, 2);
        assertEquals(503, alwaysFails.statusCode());
        assertTrue(json(alwaysFails.body()).path("reason").asText().contains("flaky"), alwaysFails.body());
        first.mode(WarehouseMode.up());
        assertEquals(201, ship(first, "ful_" + failedCall, "o-" + failedCall, 3).statusCode(), "a failed call made nothing to repeat");
    }

    @Test
    void rejectAnswers422WithTheReasonAndKeepsThatAnswerForTheKey() throws Exception {
        var warehouse = warehouse(1);
        warehouse.mode(WarehouseMode.reject("SKU-2"));

        var rejected = ship(warehouse, "ful_r", request("ful_r", "o-r", 1, "SKU-1", "SKU-2"));
        var accepted = ship(warehouse, "ful_ok", request("ful_ok", "o-ok", 1, "SKU-1"));
        warehouse.mode(WarehouseMode.up());
        var repeated = ship(warehouse, "ful_r", request("ful_r", "o-r", 2, "SKU-1", "SKU-2"));

        assertEquals(422, rejected.statusCode(), rejected.body());
        assertTrue(json(rejected.body()).path("reason").asText().startsWith("the warehouse cannot ship SKU-2: not stocked"), rejected.body());
        assertEquals(201, accepted.statusCode(), accepted.body());
        assertEquals(422, repeated.statusCode(), "the first answer again, though the warehouse is up now");
        assertEquals(rejected.body(), repeated.body());
        assertEquals(0, warehouse.shipments("o-r").uniqueShipments());
        assertEquals(1, warehouse.summary().uniqueShipments());
    }

    /** Switches to hold and makes a first call, returning once the warehouse holds its answer. */
    private static CompletableFuture<HttpResponse<String>> heldCall(WarehouseSimulator warehouse, String requestId, String orderId)
            throws Exception {
        warehouse.mode(WarehouseMode.hold());
        var held = client.sendAsync(shipmentCall(warehouse, requestId, request(requestId, orderId, 1, "SKU-1")), HttpResponse.BodyHandlers.ofString());
        Eventually.await(Duration.ofSeconds(5), "the call is held", warehouse::held, count -> count == 1);
        return held;
    }

    @Test
    void holdKeepsAnswersUntilReleasedAndAnswersARepeat409Meanwhile() throws Exception {
        var warehouse = warehouse(1);

        var held = heldCall(warehouse, "ful_h", "o-h");
        var repeat = ship(warehouse, "ful_h", "o-h", 2);
        assertFalse(held.isDone(), "answered before the release");

        var release = post(warehouse.url() + "/warehouse/release", null);

        assertEquals(409, repeat.statusCode(), repeat.body());
        assertEquals(200, release.statusCode());
        assertEquals(1, json(release.body()).path("released").asInt());
        assertEquals(201, held.get(5, TimeUnit.SECONDS).statusCode());
        assertEquals(1, warehouse.summary().uniqueShipments());
        assertEquals(2, warehouse.summary().calls());
    }

    @Test
    void holdLetsAnAnswerGoAtItsTimeoutAndSlowAnswersAfterItsDelay() throws Exception {
        var warehouse = warehouse(1);

        warehouse.mode(WarehouseMode.hold(Duration.ofMillis(300)));
        long started = System.nanoTime();
        var held = ship(warehouse, "ful_t", "o-t", 1);
        long heldMillis = (System.nanoTime() - started) / 1_000_000;
        warehouse.mode(WarehouseMode.slow(Duration.ofMillis(300)));
        started = System.nanoTime();
        var slow = ship(warehouse, "ful_s", "o-s", 1);
        long slowMillis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(201, held.statusCode());
        assertTrue(heldMillis >= 300, "held " + heldMillis + " ms");
        assertEquals(201, slow.statusCode());
        assertTrue(slowMillis >= 300, "answered after " + slowMillis + " ms");
    }

    @Test
    void goingDownDropsHeldAnswersWithoutShipping() throws Exception {
        var warehouse = warehouse(1);
        var held = heldCall(warehouse, "ful_d", "o-d");

        warehouse.mode(WarehouseMode.down());

        var outcome = held.handle((response, failure) -> failure != null ? "no answer" : String.valueOf(response.statusCode()))
                .get(5, TimeUnit.SECONDS);
        assertTrue(outcome.equals("no answer") || outcome.equals("503"), outcome);
        warehouse.mode(WarehouseMode.up());
        assertEquals(0, warehouse.summary().uniqueShipments());
        assertEquals(201, ship(warehouse, "ful_d", "o-d", 2).statusCode(), "the dropped call left the key free");
    }

    @Test
    void orderQueryShowsItsRequestsCallsAnswersAndShipmentsExactly() throws Exception {
        var warehouse = warehouse(1);
        String shipmentId = json(ship(warehouse, "ful_q", "o-q", 1).body()).path("shipmentId").asText();
        ship(warehouse, "ful_q", "o-q", 2);
        warehouse.mode(WarehouseMode.flaky(100));
        ship(warehouse, "ful_q", "o-q", 3);
        warehouse.mode(WarehouseMode.up());

        var order = get(warehouse.url() + "/warehouse/shipments?orderId=o-q");
        var unknown = get(warehouse.url() + "/warehouse/shipments?orderId=o-never");

        assertEquals(json("""
                {"orderId":"o-q","calls":3,"uniqueShipments":1,"requests":[
                  {"requestId":"ful_q","calls":3,"attempts":[1,2,3],"answers":{"201":2,"503":1},"uniqueShipments":1,
                   "shipments":[{"shipmentId":"%s","state":"ACCEPTED","acceptedAt":"2026-12-02T19:00:00Z",
                                 "shippedAt":null,"deliveredAt":null,"callbacks":[]}]}]}
                """.formatted(shipmentId)), order);
        assertEquals(json("{\"orderId\":\"o-never\",\"calls\":0,\"uniqueShipments\":0,\"requests\":[]}"), unknown);
    }

    @Test
    void summaryCountsEveryCallAndARequestIdShippedUnderTwoKeys() throws Exception {
        var warehouse = warehouse(1);
        ship(warehouse, "ful_1", "o-1", 1);
        ship(warehouse, "ful_1", "o-1", 2);
        // a dispatcher that made up a new key per attempt: the same request ID, a second shipment
        ship(warehouse, "key-per-attempt", request("ful_1", "o-1", 3, "SKU-1"));
        warehouse.mode(WarehouseMode.reject("SKU-9"));
        ship(warehouse, "ful_2", request("ful_2", "o-2", 1, "SKU-9"));
        ship(warehouse, "ful_3", "{\"orderId\":\"o-3\"}");

        var summary = get(warehouse.url() + "/warehouse/shipments");

        assertEquals(json("""
                {"calls":5,"orders":2,"requestIds":2,"uniqueShipments":2,"requestIdsWithMoreThanOneShipment":1,
                 "callsWithoutRequest":1,"answers":{"201":3,"400":1,"422":1},"shipmentsReporting":0}
                """), summary);
    }

    @Test
    void badShipmentRequestsAre400WithWhatToSend() throws Exception {
        var warehouse = warehouse(1);

        var noKey = client.send(HttpRequest.newBuilder(URI.create(warehouse.shipmentsUrl())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request("ful_1", "o-1", 1, "SKU-1"))).build(), HttpResponse.BodyHandlers.ofString());
        var notJson = ship(warehouse, "ful_1", "not json");
        var noItems = ship(warehouse, "ful_1", "{\"requestId\":\"ful_1\",\"orderId\":\"o-1\",\"items\":[]}");

        assertEquals(400, noKey.statusCode());
        assertTrue(json(noKey.body()).path("reason").asText().contains("send the header Idempotency-Key"), noKey.body());
        assertEquals(400, notJson.statusCode());
        assertTrue(json(notJson.body()).path("reason").asText().contains("not a shipment request in JSON"), notJson.body());
        assertEquals(400, noItems.statusCode());
        assertEquals("items must list at least one {\"sku\", \"quantity\"}", json(noItems.body()).path("reason").asText());
        assertEquals(0, warehouse.summary().uniqueShipments());
        assertEquals(201, ship(warehouse, "ful_1", "o-1", 1).statusCode(), "a refused request kept no answer for its key");
    }

    @Test
    void modeSwitchesByQueryOrJsonAndAnUnknownModeIs400WithTheModes() throws Exception {
        var warehouse = warehouse(42);

        var byQuery = post(warehouse.url() + "/warehouse/mode?mode=flaky&percent=30", null);
        var shown = get(warehouse.url() + "/warehouse/mode");
        var byJson = post(warehouse.url() + "/warehouse/mode", "{\"mode\":\"reject\",\"sku\":\"SKU-2,SKU-3\"}");
        var unknown = post(warehouse.url() + "/warehouse/mode?mode=sideways", null);

        assertEquals(200, byQuery.statusCode(), byQuery.body());
        assertEquals(json("{\"mode\":\"flaky\",\"percent\":30}"), json(byQuery.body()).path("current"));
        assertEquals(json("{\"mode\":\"flaky\",\"percent\":30}"), shown.path("current"));
        assertEquals(42, shown.path("seed").asLong());
        assertEquals(WarehouseMode.USAGE.size(), shown.path("modes").size());
        assertEquals(200, byJson.statusCode(), byJson.body());
        assertEquals(json("{\"mode\":\"reject\",\"sku\":\"SKU-2,SKU-3\"}"), json(byJson.body()).path("current"));
        assertEquals(400, unknown.statusCode());
        assertEquals("there is no mode sideways: use one of up|down|slow|flaky|reject|hold", json(unknown.body()).path("reason").asText());
        assertEquals("reject", warehouse.mode().name(), "a refused switch leaves the mode as it was");
    }
}
