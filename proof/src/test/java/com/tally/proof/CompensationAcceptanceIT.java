package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.fulfillment.FulfillmentConfig;
import com.tally.fulfillment.RefundConfig;
import com.tally.order.Compensation;
import com.tally.platform.KafkaConfig;
import com.tally.platform.testing.Eventually;
import com.tally.proof.processor.OrderRefunds;
import com.tally.proof.processor.ProcessorMode;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.sim.Mix;
import com.tally.proof.sim.SimulationRecord;
import com.tally.proof.sim.Simulator;
import com.tally.proof.sim.Stories;
import com.tally.proof.sim.Story;
import com.tally.proof.stack.ProcessStack;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.stack.TallyProcesses;
import com.tally.proof.verify.Check;
import com.tally.proof.verify.RefundInvariants;
import com.tally.proof.verify.Report;
import com.tally.proof.verify.TallyInvariants;
import com.tally.proof.verify.Verifier;
import com.tally.proof.verify.VerifyTargets;
import com.tally.proof.warehouse.WarehouseMode;
import com.tally.proof.warehouse.WarehouseSimulator;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.RefundCause;
import com.tally.schemas.RefundOutcome;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.RefundResult;
import com.tally.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's acceptance, every process real (the process stack: a broker, ingest-service,
 * order-stream and fulfillment-stream each in its own JVM; the warehouse and the payment processor
 * simulated in this one): a SKU the warehouse rejects refunded once at the processor while the
 * refund dispatcher is killed, the warehouse down past the saga's last attempt under both give-up
 * policies, and the processor refusing or failing for a while. Money goes back through the same
 * path a refund made in the processor's dashboard takes: its {@code charge.refunded} webhook.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompensationAcceptanceIT {

    /** Every order paid once, a third of its webhooks delivered twice: nothing but compensation is at stake. */
    private static final Mix PAID_ONLY = new Mix(0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    /** The same, every order holding the SKU a warehouse in reject mode rejects. */
    private static final Mix UNSTOCKED = new Mix(0.3, 0, 0, 0, 0, 0, 0, 0, 0, 1);

    @TempDir
    static Path work;

    private static ProcessStack stack;
    private static StackRecords records;
    private static WarehouseSimulator warehouse;
    private static ProcessorSimulator processor;

    @BeforeAll
    static void start() throws Exception {
        stack = new ProcessStack(work.resolve("stack"), 3, TallyProcesses.UP_TO_FULFILLMENT, Map.ofEntries(
                // a saga that gives up within seconds of an outage
                Map.entry(FulfillmentConfig.ACK_TIMEOUT, "PT5S"),
                Map.entry(FulfillmentConfig.BACKOFF_BASE, "PT1S"),
                Map.entry(FulfillmentConfig.BACKOFF_MAX, "PT2S"),
                Map.entry(FulfillmentConfig.MAX_ATTEMPTS, "3"),
                Map.entry(FulfillmentConfig.CALL_TIMEOUT, "PT2S"),
                // refunds retried every second or two, for up to about two minutes: a held answer times out and is
                // asked again many times before a test lets it go
                Map.entry(RefundConfig.BACKOFF_BASE, "PT0.5S"),
                Map.entry(RefundConfig.BACKOFF_MAX, "PT2S"),
                Map.entry(RefundConfig.CALL_TIMEOUT, "PT3S"),
                Map.entry(RefundConfig.MAX_ATTEMPTS, "20"),
                // a killed fulfillment-stream comes back as the same member, taking its partitions at once
                Map.entry(FulfillmentConfig.INSTANCE_ID, "compensation-1"),
                Map.entry(KafkaConfig.COMMIT_INTERVAL, "PT0.5S"))).start();
        records = new StackRecords(stack);
        warehouse = stack.warehouse().orElseThrow();
        processor = stack.processor().orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static SimulationRecord.Run payOrders(int orders, String runId) throws Exception {
        return payOrders(orders, runId, PAID_ONLY);
    }

    private static SimulationRecord.Run payOrders(int orders, String runId, Mix mix) throws Exception {
        Path record = work.resolve(runId + ".jsonl");
        var settings = new Simulator.Settings(stack.url(TallyProcesses.INGEST.name()), StackEnvironment.DEFAULT_STRIPE_SECRET,
                StackEnvironment.DEFAULT_SHOP_TOKEN, 8, 100, 20, record);
        var result = new Simulator(settings, System.out::println).chargesKnownTo(processor.knownCharges())
                .run(Stories.plan(runId.hashCode(), orders, mix, runId), mix, runId.hashCode());
        assertEquals(0, result.unexpected(), "every request answered as a processor expects");
        return SimulationRecord.read(record);
    }

    private static Set<String> orderIds(SimulationRecord.Run run) {
        return run.orders().stream().map(SimulationRecord.OrderLine::orderId).collect(Collectors.toSet());
    }

    private static void awaitStatus(Set<String> orderIds, OrderStatus status) throws Exception {
        Eventually.await(Duration.ofMinutes(2), "every order " + status, () -> records.transitionsOf(orderIds),
                transitions -> orderIds.stream().allMatch(id -> transitions.getOrDefault(id, List.of()).contains(status)));
    }

    private static Report verify(SimulationRecord.Run run, Compensation policy) throws Exception {
        var invariants = TallyInvariants.all(VerifyTargets.of(stack, StackEnvironment.DEFAULT_OPERATOR_TOKEN), policy);
        Report report = new Verifier(stack.kafka(), invariants, System.out::println).verify(run, Duration.ofMinutes(2));
        report.print(System.out);
        for (Check check : report.checks()) {
            assertEquals(0, check.violations(), check.invariant() + ": " + check.offenders());
        }
        return report;
    }

    @Test
    @Order(1)
    void aRejectedSkuIsRefundedOnceAtTheProcessorThoughTheDispatcherIsKilledWhileItsAnswersAreHeld() throws Exception {
        warehouse.mode(WarehouseMode.reject(Story.UNSTOCKED_SKU));
        processor.mode(ProcessorMode.hold(Duration.ofMinutes(5)));
        long callsBefore = processor.summary().calls();
        // three waves of orders, one kill each: the processor makes each wave's refunds and holds the answers, the
        // dispatcher dies before hearing them, and its successor asks again with the same keys
        var waves = new ArrayList<SimulationRecord.Run>();
        for (int kill = 1; kill <= 3; kill++) {
            waves.add(payOrders(7, "rejected-" + kill, UNSTOCKED));
            Eventually.await(Duration.ofSeconds(60), "the processor holding a refund's answer before kill " + kill,
                    () -> processor.held(), held -> held > 0);
            stack.process(TallyProcesses.FULFILLMENT_STREAM.name()).kill();
            // the answers go to a dead connection: the processor refunded, the dispatcher never heard
            processor.release();
            stack.restart(TallyProcesses.FULFILLMENT_STREAM.name());
        }
        processor.mode(ProcessorMode.up());
        Set<String> orderIds = waves.stream().flatMap(wave -> orderIds(wave).stream()).collect(Collectors.toSet());
        assertEquals(21, orderIds.size());

        awaitStatus(orderIds, OrderStatus.REFUNDED);
        for (SimulationRecord.Run wave : waves) {
            Report report = verify(wave, Compensation.DEFAULTS);
            assertEquals(7, report.check(RefundInvariants.ONE_PROCESSOR_REFUND_PER_REFUND_ID).checked());
            assertEquals(7, report.check(RefundInvariants.COMPENSATED_AS_POLICY).checked());
        }

        var requests = records.byOrder(Topics.REFUNDS, RefundRequested.class, orderIds, RefundRequested::getOrderId);
        var results = records.byOrder(Topics.REFUND_RESULTS, RefundResult.class, orderIds, RefundResult::getOrderId);
        var rejected = records.alertsOf("fulfillment-rejected", orderIds);
        var transitions = records.transitionsOf(orderIds);
        long calls = 0;
        for (String orderId : orderIds) {
            List<RefundRequested> asked = requests.get(orderId);
            assertEquals(1, asked.size(), orderId + ": one refund request");
            assertEquals(RefundCause.FULFILLMENT_REJECTED, asked.get(0).getCause());
            assertEquals("stripe", asked.get(0).getProvider());
            assertEquals(1, rejected.get(orderId).size(), orderId + ": one alert");
            assertEquals(1, results.get(orderId).stream().map(RefundResult::getEventId).distinct().count(), orderId + ": one result");
            assertEquals(RefundOutcome.REQUESTED, results.get(orderId).get(0).getOutcome());
            OrderRefunds seen = processor.refunds(orderId);
            assertEquals(1, seen.uniqueRefunds(), orderId + ": one unique refund at the processor, " + seen);
            assertEquals(asked.get(0).getRefundRequestId(), seen.requests().get(0).refundRequestId());
            calls += seen.calls();
            assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.FULFILLMENT_REQUESTED, OrderStatus.REFUND_REQUESTED,
                    OrderStatus.REFUNDED), transitions.get(orderId), orderId);
        }
        System.out.println("after 3 kills: " + processor.summary());
        assertTrue(calls > 21, "the killed dispatchers' calls were repeated with the same keys: " + calls + " calls for 21 refunds");
        assertEquals(calls, processor.summary().calls() - callsBefore);
        assertTrue(processor.summary().refundIdsRefundedMoreThanOnce().isEmpty(), String.valueOf(processor.summary()));
        warehouse.mode(WarehouseMode.up());
    }

    @Test
    @Order(2)
    void theWarehouseDownPastTheLastAttemptHoldsTheOrderUnderHoldAndRefundsItUnderRefund() throws Exception {
        warehouse.mode(WarehouseMode.down());
        SimulationRecord.Run held = payOrders(5, "gave-up-held");
        Set<String> heldIds = orderIds(held);
        Eventually.await(Duration.ofSeconds(90), "a fulfillment-gave-up alert for each of 5 orders",
                () -> records.alertsOf("fulfillment-gave-up", heldIds), raised -> raised.size() == 5);
        Thread.sleep(2_000);   // time for a refund, were one wrongly asked for
        var heldRequests = records.byOrder(Topics.REFUNDS, RefundRequested.class, heldIds, RefundRequested::getOrderId);
        assertEquals(Map.of(), heldRequests, "hold: no refund");
        var heldPaths = records.transitionsOf(heldIds);
        for (String orderId : heldIds) {
            assertEquals(1, records.alertsOf("fulfillment-gave-up", heldIds).get(orderId).size(), orderId + ": one alert");
            assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.FULFILLMENT_REQUESTED), heldPaths.get(orderId),
                    orderId + ": still paid, fulfillment requested");
            assertEquals(0, processor.refunds(orderId).calls(), orderId);
        }

        // the same outage under the other policy, decided by order-stream alone
        var refund = new Compensation(Compensation.Policy.REFUND, Compensation.Policy.REFUND);
        stack.replace(TallyProcesses.ORDER_STREAM.name(), Map.of(Compensation.ON_GIVE_UP, "refund"));
        SimulationRecord.Run refunded = payOrders(5, "gave-up-refunded");
        Set<String> refundedIds = orderIds(refunded);
        awaitStatus(refundedIds, OrderStatus.REFUNDED);
        var refundRequests = records.byOrder(Topics.REFUNDS, RefundRequested.class, refundedIds, RefundRequested::getOrderId);
        var gaveUpRefunded = records.alertsOf("fulfillment-gave-up-refunded", refundedIds);
        for (String orderId : refundedIds) {
            assertEquals(1, refundRequests.get(orderId).size(), orderId + ": one refund");
            assertEquals(RefundCause.FULFILLMENT_GAVE_UP, refundRequests.get(orderId).get(0).getCause());
            assertEquals(1, gaveUpRefunded.get(orderId).size(), orderId + ": one alert");
            assertEquals(1, processor.refunds(orderId).uniqueRefunds(), orderId);
        }
        assertEquals(Map.of(), records.alertsOf("fulfillment-gave-up", refundedIds), "refund: no hold alert");
        // the verifier counts shipments at the warehouse, which answers nothing while it is down; the sagas gave up and ask no more
        warehouse.mode(WarehouseMode.up());
        verify(held, Compensation.DEFAULTS);
        verify(refunded, refund);
    }

    @Test
    @Order(3)
    void aProcessorThatRefusesGivesOneAlertAndNoRetriesAndOneThatFailsForAWhileRefundsOnce() throws Exception {
        warehouse.mode(WarehouseMode.reject(Story.UNSTOCKED_SKU));

        processor.mode(ProcessorMode.refuse(402, ProcessorMode.DEFAULT_REFUSAL));
        SimulationRecord.Run refused = payOrders(1, "refused", UNSTOCKED);
        Set<String> refusedIds = orderIds(refused);
        String refusedId = refusedIds.iterator().next();
        Eventually.await(Duration.ofSeconds(60), "a refund-refused alert", () -> records.alertsOf("refund-refused", refusedIds),
                raised -> raised.size() == 1);
        Thread.sleep(3_000);   // time for a retry or a second alert, were there any
        assertEquals(1, records.alertsOf("refund-refused", refusedIds).get(refusedId).size(), "one alert");
        OrderRefunds asked = processor.refunds(refusedId);
        assertEquals(1, asked.calls(), "refused: asked once, never again: " + asked);
        assertEquals(0, asked.uniqueRefunds());
        var result = records.byOrder(Topics.REFUND_RESULTS, RefundResult.class, refusedIds, RefundResult::getOrderId).get(refusedId);
        assertEquals(1, result.size());
        assertEquals(RefundOutcome.REFUSED, result.get(0).getOutcome());
        assertTrue(result.get(0).getReason().contains("402"), result.get(0).getReason());
        assertEquals(OrderStatus.REFUND_REQUESTED, records.transitionsOf(refusedIds).get(refusedId).get(3), "the money is owed: a person acts");
        verify(refused, Compensation.DEFAULTS);

        processor.mode(ProcessorMode.fail(500));
        SimulationRecord.Run failing = payOrders(1, "failing", UNSTOCKED);
        Set<String> failingIds = orderIds(failing);
        String failingId = failingIds.iterator().next();
        Eventually.await(Duration.ofSeconds(60), "three failed calls for the refund", () -> processor.refunds(failingId).calls(),
                calls -> calls >= 3);
        processor.mode(ProcessorMode.up());
        awaitStatus(failingIds, OrderStatus.REFUNDED);
        OrderRefunds retried = processor.refunds(failingId);
        assertEquals(1, retried.uniqueRefunds(), "one refund after the retries: " + retried);
        assertTrue(retried.calls() >= 4, String.valueOf(retried));
        assertEquals(Set.of(1), Set.of(retried.requests().size()), "one refund ID, one key");
        assertEquals(List.of(retried.requests().get(0).refundRequestId()), retried.requests().get(0).idempotencyKeys());
        assertEquals(Map.of(), records.alertsOf("refund-failed", failingIds));
        verify(failing, Compensation.DEFAULTS);
        warehouse.mode(WarehouseMode.up());
    }
}
