package com.tally.proof.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.ingest.IngestConfig;
import com.tally.ingest.standard.StandardWebhookSignature;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.Eventually;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warehouse's callbacks against a small receiver that checks their signature as ingest
 * does, and that refuses the first one it gets, as an ingest that is briefly down would.
 */
class ShipmentCallbacksTest {

    private static final String SECRET = WarehouseSimulator.WAREHOUSE_SECRET;

    /** One POST the receiver got: its webhook-id, its body, and what it answered. */
    private record Received(String webhookId, JsonNode body, int answered) {
    }

    private final StandardWebhookSignature signature = new StandardWebhookSignature(List.of(SECRET), IngestConfig.WAREHOUSE_WEBHOOK_SECRET,
            Duration.ofMinutes(5), Clock.systemUTC());
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private Javalin receiver;
    private WarehouseSimulator warehouse;

    @BeforeEach
    void start() {
        receiver = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post(WarehouseSimulator.CALLBACK_PATH, this::receive);
        }).start(0);
        warehouse = WarehouseSimulator.builder()
                .port(0)
                .ingestUrl("http://localhost:" + receiver.port())
                .secret(SECRET)
                .delays(Duration.ofMillis(100), Duration.ofMillis(100))
                .callbackRetry(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build();
        warehouse.start();
    }

    @AfterEach
    void stop() {
        warehouse.close();
        receiver.stop();
    }

    private void receive(Context ctx) throws Exception {
        var check = signature.verify(ctx.header(StandardWebhookSignature.ID), ctx.header(StandardWebhookSignature.TIMESTAMP),
                ctx.header(StandardWebhookSignature.SIGNATURE), ctx.bodyAsBytes());
        int status = !check.isValid() ? 401 : refusalsLeft.getAndDecrement() > 0 ? 503 : 200;
        received.add(new Received(ctx.header(StandardWebhookSignature.ID), TallyJson.mapper().readTree(ctx.bodyAsBytes()), status));
        ctx.status(status);
    }

    private List<Received> accepted() {
        return received.stream().filter(r -> r.answered() == 200).toList();
    }

    @Test
    void shippedThenDeliveredArriveSignedOncePerShipmentAndARefusedOneIsSentAgain() throws Exception {
        refusalsLeft.set(1);
        String body = WarehouseSimulatorTest.request("ful_cb", "o-cb", 1, "SKU-1");
        var first = WarehouseSimulatorTest.ship(warehouse, "ful_cb", body);
        WarehouseSimulatorTest.ship(warehouse, "ful_cb", body);
        WarehouseSimulatorTest.ship(warehouse, "ful_cb", body);
        String shipmentId = TallyJson.mapper().readTree(first.body()).path("shipmentId").asText();

        var view = Eventually.await(Duration.ofSeconds(10), "the delivered callback is acknowledged",
                () -> warehouse.shipments("o-cb").requests().get(0).shipments().get(0),
                shipment -> shipment.callbacks().size() == 2 && shipment.callbacks().get(1).acknowledgedAt() != null);
        // time for any callback too many to arrive
        Thread.sleep(500);

        var all = List.copyOf(received);
        assertEquals(List.of(503, 200, 200), all.stream().map(Received::answered).toList(), all.toString());
        String shippedId = "msg_" + shipmentId + "_shipped";
        assertEquals(List.of(shippedId, shippedId, "msg_" + shipmentId + "_delivered"), all.stream().map(Received::webhookId).toList(),
                "a retry keeps its webhook-id");
        var shipped = accepted().get(0).body();
        var delivered = accepted().get(1).body();
        assertEquals("shipment.shipped", shipped.path("type").asText());
        assertEquals("shipment.delivered", delivered.path("type").asText());
        for (JsonNode callback : List.of(shipped, delivered)) {
            assertEquals("o-cb", callback.path("orderId").asText());
            assertEquals("ful_cb", callback.path("requestId").asText());
            assertEquals(shipmentId, callback.path("shipmentId").asText());
        }
        assertEquals(view.shippedAt().toString(), shipped.path("occurredAt").asText());
        assertEquals(view.deliveredAt().toString(), delivered.path("occurredAt").asText());
        assertEquals(view.shippedAt().plusMillis(100), view.deliveredAt());

        assertEquals(Shipment.State.DELIVERED, view.state());
        var shippedCallback = view.callbacks().get(0);
        assertEquals(2, shippedCallback.attempts());
        assertNotNull(shippedCallback.acknowledgedAt());
        assertNull(shippedCallback.lastFailure());
        assertEquals(1, view.callbacks().get(1).attempts());
        assertEquals(0, warehouse.summary().shipmentsReporting(), "delivered and both callbacks taken: nothing more to come");
    }

    @Test
    void aCallbackSignedWithAnotherSecretIsRefusedByTheReceiver() throws Exception {
        warehouse.close();
        warehouse = WarehouseSimulator.builder()
                .port(0)
                .ingestUrl("http://localhost:" + receiver.port())
                .secret("whsec_" + java.util.Base64.getEncoder().encodeToString("another secret".getBytes()))
                .delays(Duration.ZERO, Duration.ZERO)
                .callbackRetry(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .build();
        warehouse.start();

        WarehouseSimulatorTest.ship(warehouse, "ful_forged", WarehouseSimulatorTest.request("ful_forged", "o-f", 1, "SKU-1"));

        Eventually.await(Duration.ofSeconds(5), "the callback arrives", received::size, count -> count == 1);
        assertEquals(401, received.get(0).answered(), "the receiver's check is real: it refuses what the wrong secret signed");
        var callback = warehouse.shipments("o-f").requests().get(0).shipments().get(0).callbacks().get(0);
        assertEquals(1, callback.attempts());
        assertNull(callback.acknowledgedAt());
        assertEquals("401", callback.lastFailure());
        assertEquals(1, warehouse.summary().shipmentsReporting(), "a shipment whose report ingest refused is still to come");
    }
}
