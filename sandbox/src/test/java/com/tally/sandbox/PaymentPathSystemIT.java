package com.tally.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.fulfillment.FulfillmentConfig;
import com.tally.fulfillment.RefundConfig;
import com.tally.ingest.IngestConfig;
import com.tally.ingest.stripe.StripeSignature;
import com.tally.order.OrderConfig;
import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.ServiceLauncher;
import com.tally.platform.TallyJson;
import com.tally.platform.TallyService;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.proof.processor.OrderRefunds;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.sim.StripeEventFactory;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.warehouse.WarehouseMode;
import com.tally.proof.warehouse.WarehouseSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tour as a test: the sandbox's services and its warehouse simulator on the embedded
 * broker, driven only through real HTTP: place an order, deliver a signed payment_intent.succeeded
 * twice, query the order until the warehouse's callbacks have taken it to DELIVERED.
 */
class PaymentPathSystemIT {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static List<TallyService> services;
    private static String ingestUrl;
    private static String orderUrl;
    private static String fulfillmentUrl;
    private static WarehouseSimulator warehouse;
    private static ProcessorSimulator processor;
    /** The tour's SKU the warehouse does not stock: it rejects every order holding it, and ships the others. */
    private static final String UNSTOCKED_SKU = "SKU-404";
    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startSandboxServices() throws Exception {
        var callers = new HashMap<String, String>();
        callers.put(KafkaConfig.PARTITIONS, "3");
        callers.put(IngestConfig.PORT, String.valueOf(FreePort.pick()));
        callers.put(OrderConfig.PORT, String.valueOf(FreePort.pick()));
        callers.put(FulfillmentConfig.PORT, String.valueOf(FreePort.pick()));
        int warehousePort = FreePort.pick();
        callers.put(FulfillmentConfig.URL, WarehouseSimulator.shipmentsUrl(warehousePort));
        int processorPort = FreePort.pick();
        callers.put(RefundConfig.API_URL, ProcessorSimulator.apiUrl(processorPort));
        Map<String, String> env = StackEnvironment.of(callers, SharedKafka.bootstrapServers(), stateDir);
        warehouse = Sandbox.warehouse(env, warehousePort, Duration.ofMillis(500), Duration.ofMillis(500));
        processor = Sandbox.processor(env, processorPort, Duration.ofMillis(500));
        var all = new ArrayList<TallyService>(Sandbox.services(env, Clock.systemUTC()));
        all.add(warehouse);
        all.add(processor);
        services = ServiceLauncher.startAll(all);
        warehouse.mode(WarehouseMode.reject(UNSTOCKED_SKU));
        ingestUrl = "http://localhost:" + env.get(IngestConfig.PORT);
        orderUrl = "http://localhost:" + env.get(OrderConfig.PORT);
        fulfillmentUrl = "http://localhost:" + env.get(FulfillmentConfig.PORT);
    }

    @AfterAll
    static void stopServices() {
        ServiceLauncher.closeInReverse(services);
    }

    private static HttpResponse<String> post(String url, byte[] body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void orderPaidByOneWebhookDeliveredTwiceIsPaidOnceWithItsHistory() throws Exception {
        var placed = post(ingestUrl + "/orders", ("{\"orderId\":\"o-system-1\",\"customerEmail\":\"ada@example.com\","
                + "\"amount\":4990,\"currency\":\"EUR\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}").getBytes(),
                Map.of("Idempotency-Key", "system-1", "Authorization", Access.bearer(StackEnvironment.DEFAULT_SHOP_TOKEN)));
        assertEquals(202, placed.statusCode(), placed.body());

        Instant now = Instant.now();
        byte[] event = StripeEventFactory.paymentIntentEvent("evt_system_1", "payment_intent.succeeded", "pi_system_1",
                "o-system-1", 4990, "EUR", now);
        var signature = Map.of("Stripe-Signature", StripeSignature.sign(StackEnvironment.DEFAULT_STRIPE_SECRET, now.getEpochSecond(), event));
        assertEquals(200, post(ingestUrl + "/webhooks/stripe", event, signature).statusCode());
        assertEquals(200, post(ingestUrl + "/webhooks/stripe", event, signature).statusCode(), "a repeated delivery is accepted too");

        JsonNode order = awaitStatus("o-system-1", "DELIVERED");
        assertEquals("o-system-1", order.get("orderId").asText());
        assertEquals(4990, order.get("amount").asLong());
        assertEquals("EUR", order.get("currency").asText());
        assertEquals(1, order.get("payments").size(), "one payment for one charge delivered twice");
        assertEquals("pi_system_1", order.get("payments").get(0).get("transactionId").asText());
        JsonNode history = order.get("history");
        assertEquals(true, history.get(0).get("from").isNull());
        assertEquals("order-placed", history.get(0).get("cause").asText());
        assertEquals("payment-succeeded", history.get(1).get("cause").asText());
        assertEquals(false, history.get(1).get("causeEventId").asText().isEmpty());
        assertEquals(false, history.get(1).get("at").isNull());
        assertEquals(List.of("PENDING", "PAID", "FULFILLMENT_REQUESTED", "FULFILLMENT_ACCEPTED", "SHIPPED", "DELIVERED"), targets(history));

        JsonNode saga = TallyJson.mapper().readTree(get(fulfillmentUrl, "/fulfillment/o-system-1").body());
        assertEquals("DELIVERED", saga.get("status").asText());
        assertEquals(1, saga.get("attempts").size());
        assertEquals("ACCEPTED", saga.get("attempts").get(0).get("outcome").asText());
        assertEquals(1, warehouse.shipments("o-system-1").uniqueShipments());

        // stays that way: nothing late turns up a second payment or a second shipment
        Thread.sleep(1_000);
        JsonNode again = TallyJson.mapper().readTree(get(orderUrl, "/orders/o-system-1").body());
        assertEquals(1, again.get("payments").size());
        assertEquals(6, again.get("history").size());
        assertEquals(1, warehouse.shipments("o-system-1").uniqueShipments());
    }

    @Test
    void anOrderTheWarehouseRejectsIsRefundedAtTheProcessorAndEndsRefunded() throws Exception {
        var placed = post(ingestUrl + "/orders", ("{\"orderId\":\"o-system-2\",\"customerEmail\":\"ada@example.com\","
                + "\"amount\":1500,\"currency\":\"EUR\",\"items\":[{\"sku\":\"" + UNSTOCKED_SKU + "\",\"quantity\":2}]}").getBytes(),
                Map.of("Idempotency-Key", "system-2", "Authorization", Access.bearer(StackEnvironment.DEFAULT_SHOP_TOKEN)));
        assertEquals(202, placed.statusCode(), placed.body());
        processor.charge("pi_system_2", "o-system-2", 1500, "EUR");
        Instant now = Instant.now();
        byte[] event = StripeEventFactory.paymentIntentEvent("evt_system_2", "payment_intent.succeeded", "pi_system_2",
                "o-system-2", 1500, "EUR", now);
        var signature = Map.of("Stripe-Signature", StripeSignature.sign(StackEnvironment.DEFAULT_STRIPE_SECRET, now.getEpochSecond(), event));
        assertEquals(200, post(ingestUrl + "/webhooks/stripe", event, signature).statusCode());

        JsonNode order = awaitStatus("o-system-2", "REFUNDED");
        JsonNode history = order.get("history");
        // the fifth entry is the alert, kept in the history where it was raised
        assertEquals(List.of("PENDING", "PAID", "FULFILLMENT_REQUESTED", "REFUND_REQUESTED", "REFUND_REQUESTED", "REFUNDED"), targets(history),
                history.toString());
        assertEquals("fulfillment-rejected", history.get(4).get("cause").asText());
        assertEquals(true, history.get(4).get("detail").asText().contains("TALLY_COMPENSATION_ON_REJECTION is refund"), history.toString());
        assertEquals(1, order.get("refunds").size(), "one refund, booked once");
        assertEquals(1500, order.get("refunds").get(0).get("amount").asLong());
        OrderRefunds refunds = processor.refunds("o-system-2");
        assertEquals(1, refunds.uniqueRefunds(), String.valueOf(refunds));
        assertEquals(order.get("refunds").get(0).get("refundId").asText(), refunds.requests().get(0).refunds().get(0).refundId(),
                "the order records the refund the processor made");
        assertEquals(0, warehouse.shipments("o-system-2").uniqueShipments());

        JsonNode ledger = TallyJson.mapper().readTree(get(orderUrl, "/ledger/balances").body());
        for (JsonNode currency : ledger) {
            assertEquals(true, currency.get("balanced").asBoolean(), currency.toString());
        }
    }

    private static List<String> targets(JsonNode history) {
        var targets = new ArrayList<String>();
        history.forEach(entry -> targets.add(entry.get("to").asText()));
        return targets;
    }

    private static HttpResponse<String> get(String baseUrl, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", Access.bearer(StackEnvironment.DEFAULT_OPERATOR_TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitStatus(String orderId, String status) throws Exception {
        var answer = Eventually.await(Duration.ofSeconds(60), "order " + orderId + " " + status, () -> get(orderUrl, "/orders/" + orderId),
                a -> a.statusCode() == 200 && a.body().contains("\"status\":\"" + status + "\""));
        return TallyJson.mapper().readTree(answer.body());
    }
}
