package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.fulfillment.FulfillmentConfig;
import com.tally.ingest.standard.StandardWebhookSignature;
import com.tally.order.OrderConfig;
import com.tally.platform.Access;
import com.tally.platform.KafkaConfig;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.proof.sim.Mix;
import com.tally.proof.sim.SimulationRecord;
import com.tally.proof.sim.Simulator;
import com.tally.proof.sim.Stories;
import com.tally.proof.stack.ProcessStack;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.stack.TallyProcesses;
import com.tally.proof.verify.Check;
import com.tally.proof.verify.FulfillmentInvariants;
import com.tally.proof.verify.Report;
import com.tally.proof.verify.TallyInvariants;
import com.tally.proof.verify.Verifier;
import com.tally.proof.verify.VerifyTargets;
import com.tally.proof.warehouse.WarehouseMode;
import com.tally.proof.warehouse.WarehouseSimulator;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's acceptance, every process real (the process stack: a broker, ingest-service,
 * order-stream and fulfillment-stream each in its own JVM, the warehouse simulator in this one):
 * a warehouse outage raised and healed, and a dispatcher killed while the warehouse holds its
 * answers. Both end with one shipment per paid order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FulfillmentAcceptanceIT {

    /** Every order paid once, a third of its webhooks delivered twice: nothing but the fulfillment path is at stake. */
    private static final Mix PAID_ONLY = new Mix(0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    @TempDir
    static Path work;

    private static ProcessStack stack;
    private static StackRecords records;
    private static WarehouseSimulator warehouse;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        stack = new ProcessStack(work.resolve("stack"), 3, TallyProcesses.UP_TO_FULFILLMENT, Map.of(
                OrderConfig.STUCK_ORDER_AFTER, "PT20S",
                // retries every few seconds, and enough of them to outlast a minute's outage without giving up
                FulfillmentConfig.ACK_TIMEOUT, "PT15S",
                FulfillmentConfig.BACKOFF_BASE, "PT2S",
                FulfillmentConfig.BACKOFF_MAX, "PT8S",
                FulfillmentConfig.MAX_ATTEMPTS, "40",
                FulfillmentConfig.CALL_TIMEOUT, "PT3S",
                // a killed fulfillment-stream comes back as the same member, taking its partitions at once
                FulfillmentConfig.INSTANCE_ID, "acceptance-1",
                KafkaConfig.COMMIT_INTERVAL, "PT0.5S")).start();
        records = new StackRecords(stack);
        warehouse = stack.warehouse().orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static SimulationRecord.Run payOrders(int orders, String runId) throws Exception {
        Path record = work.resolve(runId + ".jsonl");
        var settings = new Simulator.Settings(stack.url(TallyProcesses.INGEST.name()), StackEnvironment.DEFAULT_STRIPE_SECRET,
                StackEnvironment.DEFAULT_SHOP_TOKEN, 16, 200, 20, record);
        var result = new Simulator(settings, System.out::println).run(Stories.plan(runId.hashCode(), orders, PAID_ONLY, runId), PAID_ONLY,
                runId.hashCode());
        assertEquals(0, result.unexpected(), "every request answered as a processor expects");
        return SimulationRecord.read(record);
    }

    private static Set<String> orderIds(SimulationRecord.Run run) {
        return run.orders().stream().map(SimulationRecord.OrderLine::orderId).collect(Collectors.toSet());
    }

    private static Report verify(SimulationRecord.Run run) throws Exception {
        Report report = new Verifier(stack.kafka(), TallyInvariants.all(VerifyTargets.of(stack, StackEnvironment.DEFAULT_OPERATOR_TOKEN)),
                System.out::println).verify(run, Duration.ofMinutes(2));
        report.print(System.out);
        // a paid-only run exercises neither failures, refunds nor forgeries: what it exercises must hold
        for (Check check : report.checks()) {
            assertEquals(0, check.violations(), check.invariant() + ": " + check.offenders());
        }
        return report;
    }

    private static void awaitDelivered(Set<String> orderIds) throws Exception {
        Eventually.await(Duration.ofMinutes(3), "every order DELIVERED", () -> records.transitionsOf(orderIds),
                transitions -> orderIds.stream().allMatch(id -> transitions.getOrDefault(id, List.of()).contains(OrderStatus.DELIVERED)));
    }

    @Test
    @Order(1)
    void ordersPaidWhileTheWarehouseIsDownAreRaisedAsStuckThenShippedOnceEachWhenItComesBack() throws Exception {
        warehouse.mode(WarehouseMode.down());
        long downSince = System.nanoTime();
        SimulationRecord.Run run = payOrders(300, "outage");
        Set<String> orderIds = orderIds(run);

        Eventually.await(Duration.ofSeconds(50), "an order-stuck alert for each of the 300 orders",
                () -> records.alertsOf("order-stuck", orderIds), raised -> raised.size() == 300);
        assertTrue(records.alertsOf("order-unstuck", orderIds).isEmpty(), "nothing is cleared while the warehouse is down");
        long downFor = Duration.ofMinutes(1).toNanos() - (System.nanoTime() - downSince);
        if (downFor > 0) {
            Thread.sleep(Duration.ofNanos(downFor).toMillis());
        }
        warehouse.mode(WarehouseMode.up());

        awaitDelivered(orderIds);
        Report report = verify(run);
        assertEquals(300, report.check(FulfillmentInvariants.ONE_SHIPMENT_PER_REQUEST).checked(), "one request ID per order asked about");
        assertEquals(300, report.check(FulfillmentInvariants.EACH_ATTEMPT_REQUESTED_ONCE).checked());

        Map<String, List<Alert>> stuck = records.alertsOf("order-stuck", orderIds);
        Map<String, List<Alert>> cleared = records.alertsOf("order-unstuck", orderIds);
        Map<String, List<OrderStatus>> transitions = records.transitionsOf(orderIds);
        for (String orderId : orderIds) {
            assertEquals(1, stuck.get(orderId).size(), orderId + ": raised once");
            assertEquals(1, cleared.getOrDefault(orderId, List.of()).size(), orderId + ": cleared once");
            assertEquals(1, warehouse.shipments(orderId).uniqueShipments(), orderId + ": one unique shipment");
            List<OrderStatus> path = transitions.get(orderId);
            assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.FULFILLMENT_REQUESTED, OrderStatus.FULFILLMENT_ACCEPTED,
                    OrderStatus.SHIPPED, OrderStatus.DELIVERED), path, orderId);
        }
        var requests = AvroSerde.of(FulfillmentRequested.class);
        long attempts = CommittedLog.of(stack.kafka(), Topics.FULFILLMENT_REQUESTS).stream()
                .filter(r -> orderIds.contains(r.key())).map(r -> requests.decode(r.value())).count();
        System.out.println("after the outage: " + attempts + " attempts for 300 orders; the warehouse saw " + warehouse.summary());
        assertTrue(attempts > 300, "the saga retried through the outage: " + attempts + " attempts");
        var listed = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(TallyProcesses.ORDER_STREAM.name()) + "/orders?stuck=true"))
                .header("Authorization", Access.bearer(StackEnvironment.DEFAULT_OPERATOR_TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, listed.statusCode());
        assertTrue(orderIds.stream().noneMatch(listed.body()::contains), "nothing is stuck: " + listed.body());
    }

    @Test
    @Order(2)
    void aDispatcherKilledWhileTheWarehouseHoldsItsAnswersRepeatsTheCallsAndShipsEachOrderOnce() throws Exception {
        long callsBefore = warehouse.summary().calls();
        int shipmentsBefore = warehouse.summary().uniqueShipments();
        warehouse.mode(WarehouseMode.hold(Duration.ofMinutes(5)));
        SimulationRecord.Run run = payOrders(30, "killed-dispatcher");
        Set<String> orderIds = orderIds(run);

        for (int kill = 1; kill <= 4; kill++) {
            Eventually.await(Duration.ofSeconds(60), "the warehouse holding an answer before kill " + kill,
                    () -> warehouse.held(), held -> held > 0);
            stack.process(TallyProcesses.FULFILLMENT_STREAM.name()).kill();
            // the answers go to a dead connection: the warehouse shipped, the dispatcher never heard
            warehouse.release();
            stack.restart(TallyProcesses.FULFILLMENT_STREAM.name());
        }
        warehouse.mode(WarehouseMode.up());

        awaitDelivered(orderIds);
        Report report = verify(run);
        assertEquals(30, report.check(FulfillmentInvariants.ONE_REQUEST_ID_PER_PAID_ORDER).checked());
        var summary = warehouse.summary();
        System.out.println("after 4 kills: " + summary);
        long calls = summary.calls() - callsBefore;
        int shipments = summary.uniqueShipments() - shipmentsBefore;
        assertEquals(30, shipments, "one unique shipment per order");
        assertTrue(calls > shipments, "the killed dispatchers' calls were repeated: " + calls + " calls for " + shipments + " shipments");
        assertEquals(0, summary.requestIdsWithMoreThanOneShipment());
        for (String orderId : orderIds) {
            assertEquals(1, warehouse.shipments(orderId).uniqueShipments(), orderId);
        }
    }

    @Test
    @Order(3)
    void aSignedCallbackForAnOrderNobodyPlacedIsRaisedByOrderStreamOnceHoweverOftenItComes() throws Exception {
        // no long run of digits in it: ingest masks anything that could be a card number, in an order ID too
        String orderId = "o-never-placed-" + UUID.randomUUID();
        byte[] body = ("{\"type\":\"shipment.shipped\",\"orderId\":\"" + orderId + "\",\"requestId\":\"ful_unknown\","
                + "\"occurredAt\":\"2026-12-02T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        for (int delivery = 0; delivery < 2; delivery++) {
            long now = System.currentTimeMillis() / 1000;
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(TallyProcesses.INGEST.name()) + "/webhooks/warehouse"))
                    .header("Content-Type", "application/json")
                    .header(StandardWebhookSignature.ID, "wh_unknown_" + orderId)
                    .header(StandardWebhookSignature.TIMESTAMP, String.valueOf(now))
                    .header(StandardWebhookSignature.SIGNATURE, StandardWebhookSignature.sign(WarehouseSimulator.WAREHOUSE_SECRET,
                            "wh_unknown_" + orderId, now, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
        }

        var raised = Eventually.await(Duration.ofSeconds(60), "event-for-unknown-order for " + orderId,
                () -> records.alertsOf("event-for-unknown-order", Set.of(orderId)), found -> !found.isEmpty());
        Thread.sleep(3_000);   // time for a second alert, were the repeat not dropped
        assertEquals(1, records.alertsOf("event-for-unknown-order", Set.of(orderId)).get(orderId).size(), String.valueOf(raised));
    }
}
