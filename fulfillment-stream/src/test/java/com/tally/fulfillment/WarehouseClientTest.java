package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.fulfillment.TestWarehouse.Reply;
import com.tally.platform.FreePort;
import com.tally.platform.TallyJson;
import com.tally.schemas.FulfillmentOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real warehouse on a real port: what it sends, and what each answer becomes. */
class WarehouseClientTest {

    private TestWarehouse warehouse;
    private SimpleMeterRegistry registry;
    private WarehouseClient client;

    @BeforeEach
    void start() throws Exception {
        warehouse = new TestWarehouse();
        registry = new SimpleMeterRegistry();
        client = new WarehouseClient(warehouse.url(), Duration.ofMillis(700), registry);
    }

    @AfterEach
    void stop() {
        warehouse.close();
    }

    private WarehouseAnswer ship(String orderId, int attempt) throws Exception {
        return client.ship(Requests.request(orderId, attempt)).get(10, TimeUnit.SECONDS);
    }

    private double calls(String outcome) {
        return registry.find("tally.fulfillment.warehouse.calls").tag("outcome", outcome).counter().count();
    }

    @Test
    void theRequestCarriesItsIdAsIdempotencyKeyItsAttemptAndItsItemsAsJson() throws Exception {
        ship("o-1", 3);

        var call = warehouse.callsFor("o-1").get(0);
        assertEquals(Requests.requestIdOf("o-1"), call.idempotencyKey());
        assertEquals("3", call.attempt());
        assertEquals("application/json", call.contentType());
        assertEquals(TallyJson.mapper().readTree("{\"requestId\":\"" + Requests.requestIdOf("o-1") + "\",\"orderId\":\"o-1\",\"attempt\":3,"
                + "\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2},{\"sku\":\"SKU-7\",\"quantity\":1}]}"), call.body());
    }

    @Test
    void aCreatedShipmentIsAcceptedAndCounted() throws Exception {
        assertEquals(new WarehouseAnswer(FulfillmentOutcome.ACCEPTED, null), ship("o-2", 1));
        assertEquals(1, calls("accepted"));
        assertEquals(1, registry.find("tally.fulfillment.warehouse.call.duration").timer().count());
    }

    @Test
    void aRejectionCarriesTheWarehousesReason() throws Exception {
        warehouse.reply("o-3", Reply.of(422, "{\"reason\":\"SKU-7 is discontinued\"}"));

        assertEquals(new WarehouseAnswer(FulfillmentOutcome.REJECTED, "the warehouse rejected the request with 422: SKU-7 is discontinued"),
                ship("o-3", 1));
        assertEquals(1, calls("rejected"));
    }

    @Test
    void aServerErrorIsTransient() throws Exception {
        warehouse.reply("o-4", Reply.of(503, "maintenance"));

        assertEquals(new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, "the warehouse answered 503: maintenance"), ship("o-4", 1));
        assertEquals(1, calls("transient_failure"));
    }

    @Test
    void anAnswerLaterThanTheTimeoutIsATransientFailure() throws Exception {
        warehouse.reply("o-5", new Reply(201, null, Duration.ofSeconds(3)));
        long started = System.nanoTime();

        var answer = ship("o-5", 1);

        assertEquals(new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, "no answer from the warehouse within PT0.7S"), answer);
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "it did not wait for the answer");
    }

    @Test
    void aRefusedConnectionIsATransientFailure() throws Exception {
        var nowhere = new WarehouseClient(URI.create("http://localhost:" + FreePort.pick() + "/shipments"), Duration.ofSeconds(2), registry);

        var answer = nowhere.ship(Requests.request("o-6", 1)).get(10, TimeUnit.SECONDS);

        assertEquals(FulfillmentOutcome.TRANSIENT_FAILURE, answer.outcome());
        assertTrue(answer.reason().startsWith("could not connect to the warehouse"), answer.reason());
        assertEquals(1, calls("transient_failure"));
    }

    @Test
    void aRepeatedCallGetsTheFirstAnswerAndNoSecondShipment() throws Exception {
        assertEquals(FulfillmentOutcome.ACCEPTED, ship("o-7", 1).outcome());
        assertEquals(FulfillmentOutcome.ACCEPTED, ship("o-7", 1).outcome());

        assertEquals(2, warehouse.callsFor("o-7").size());
        assertEquals(1, warehouse.shipmentsFor("o-7"));
    }
}
