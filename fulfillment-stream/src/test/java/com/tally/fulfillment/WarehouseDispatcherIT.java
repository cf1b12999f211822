package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.fulfillment.TestWarehouse.Reply;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.dispatch.DeadLetters;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.platform.testing.TestTokens;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on the shared broker against a real warehouse on a real port. Each test starts
 * its own dispatcher (one group, so one at a time) and names its orders after the run, since other
 * tests of this JVM write requests and results too.
 */
class WarehouseDispatcherIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AvroSerde<FulfillmentRequested> REQUESTS = AvroSerde.of(FulfillmentRequested.class);
    private static final AvroSerde<FulfillmentResult> RESULTS = AvroSerde.of(FulfillmentResult.class);

    private static TestWarehouse warehouse;
    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConfig kafka;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<WarehouseDispatcher> started = new ArrayList<>();

    @BeforeAll
    static void startWarehouse() throws Exception {
        warehouse = new TestWarehouse();
        kafka = config(warehouse.url(), "PT2S", "").kafka();
        TopicProvisioner.provision(kafka, TopicProvisioner.tallyTopics(List.of(WarehouseDispatcher.GROUP_ID)));
        producer = new KafkaProducer<>(KafkaDefaults.producer(kafka, "dispatcher-it"));
    }

    @AfterEach
    void stopDispatchers() {
        started.forEach(WarehouseDispatcher::close);
    }

    @AfterAll
    static void stopWarehouse() {
        producer.close();
        warehouse.close();
    }

    private static FulfillmentConfig config(URI warehouseUrl, String callTimeout, String instanceId) {
        var env = new HashMap<>(TestTokens.environment());
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        env.put(KafkaConfig.PARTITIONS, "3");
        env.put(FulfillmentConfig.URL, warehouseUrl.toString());
        env.put(FulfillmentConfig.CALL_TIMEOUT, callTimeout);
        env.put(FulfillmentConfig.INSTANCE_ID, instanceId);
        env.put(RefundConfig.API_KEY, "sk_test_warehouse_it");
        return FulfillmentConfig.fromEnv(env);
    }

    private WarehouseDispatcher start(FulfillmentConfig config, SimpleMeterRegistry registry) throws Exception {
        var dispatcher = new WarehouseDispatcher(config, registry);
        started.add(dispatcher);
        dispatcher.start();
        Eventually.await(WAIT, "dispatcher ready", () -> dispatcher.readiness().check(), status -> status.ready());
        return dispatcher;
    }

    private WarehouseDispatcher start() throws Exception {
        return start(config(warehouse.url(), "PT2S", ""), new SimpleMeterRegistry());
    }

    private String order(String name) {
        return "o-" + run + "-" + name;
    }

    private static void request(String orderId, int attempt) throws Exception {
        producer.send(new ProducerRecord<>(Topics.FULFILLMENT_REQUESTS, orderId, REQUESTS.encode(Requests.request(orderId, attempt)))).get();
    }

    private static List<FulfillmentResult> results(String orderId) {
        return CommittedLog.of(kafka, Topics.FULFILLMENT_RESULTS).stream()
                .filter(record -> orderId.equals(record.key()))
                .map(record -> RESULTS.decode(record.value()))
                .toList();
    }

    /** The order's results once there are {@code count}, and after a moment more, so a second copy would show. */
    private static List<FulfillmentResult> awaitResults(String orderId, int count) throws Exception {
        Eventually.await(WAIT, count + " result(s) for " + orderId, () -> results(orderId), found -> found.size() >= count);
        Thread.sleep(300);
        return results(orderId);
    }

    /** The order's one result: a second would show within the moment {@link #awaitResults} waits. */
    private static FulfillmentResult awaitOnlyResult(String orderId) throws Exception {
        var results = awaitResults(orderId, 1);
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    private static double calls(SimpleMeterRegistry registry, String outcome) {
        return registry.find("tally.fulfillment.warehouse.calls").tag("outcome", outcome).counter().count();
    }

    @Test
    void anAcceptedShipmentGivesExactlyOneAcceptedResultForTheRequestsAttempt() throws Exception {
        String orderId = order("accepted");
        var registry = new SimpleMeterRegistry();
        int callsBefore = warehouse.callCount();
        start(config(warehouse.url(), "PT2S", ""), registry);

        request(orderId, 3);

        var result = awaitOnlyResult(orderId);
        assertEquals(FulfillmentOutcome.ACCEPTED, result.getOutcome());
        assertEquals(3, result.getAttempt());
        assertEquals(Requests.requestIdOf(orderId), result.getRequestId());
        assertEquals(EventIds.derived("evt-" + orderId + "-3", "warehouse-answer"), result.getEventId());
        assertEquals("evt-" + orderId + "-3", result.getCauseEventId());
        assertNull(result.getReason());
        var calls = warehouse.callsFor(orderId);
        assertEquals(1, calls.size());
        assertEquals(Requests.requestIdOf(orderId), calls.get(0).idempotencyKey());
        assertEquals("3", calls.get(0).attempt());
        // every call this dispatcher made is counted by what it meant (requests other tests left behind included)
        assertEquals(warehouse.callCount() - callsBefore, calls(registry, "accepted") + calls(registry, "rejected")
                + calls(registry, "transient_failure"));
        assertTrue(calls(registry, "accepted") >= 1);
    }

    @Test
    void aClientErrorGivesOneRejectedResultWithTheWarehousesReason() throws Exception {
        String orderId = order("rejected");
        warehouse.reply(orderId, Reply.of(422, "{\"reason\":\"SKU-7 is discontinued\"}"));
        start();

        request(orderId, 1);

        var result = awaitOnlyResult(orderId);
        assertEquals(FulfillmentOutcome.REJECTED, result.getOutcome());
        assertEquals("the warehouse rejected the request with 422: SKU-7 is discontinued", result.getReason());
        assertEquals(1, result.getAttempt());
    }

    @Test
    void aServerErrorGivesOneTransientFailureWithTheStatus() throws Exception {
        String orderId = order("unavailable");
        warehouse.reply(orderId, Reply.of(503, "maintenance"));
        start();

        request(orderId, 2);

        var result = awaitOnlyResult(orderId);
        assertEquals(FulfillmentOutcome.TRANSIENT_FAILURE, result.getOutcome());
        assertEquals("the warehouse answered 503: maintenance", result.getReason());
        assertEquals(2, result.getAttempt());
    }

    @Test
    void anAnswerLaterThanTheCallTimeoutGivesOneTransientFailure() throws Exception {
        String orderId = order("slow");
        warehouse.reply(orderId, new Reply(201, null, Duration.ofSeconds(4)));
        start(config(warehouse.url(), "PT1S", ""), new SimpleMeterRegistry());

        request(orderId, 1);

        var result = awaitOnlyResult(orderId);
        assertEquals(FulfillmentOutcome.TRANSIENT_FAILURE, result.getOutcome());
        assertEquals("no answer from the warehouse within PT1S", result.getReason());
    }

    @Test
    void noConnectionGivesOneTransientFailure() throws Exception {
        String orderId = order("refused");
        start(config(URI.create("http://localhost:" + FreePort.pick() + "/shipments"), "PT2S", ""), new SimpleMeterRegistry());

        request(orderId, 1);

        var result = awaitOnlyResult(orderId);
        assertEquals(FulfillmentOutcome.TRANSIENT_FAILURE, result.getOutcome());
        assertTrue(result.getReason().startsWith("could not connect to the warehouse"), result.getReason());
    }

    @Test
    void anUndecodableRequestGoesToTheDeadLettersAndTheDispatcherGoesOn() throws Exception {
        String poisoned = order("poisoned");
        String next = order("after-poison");
        var dispatcher = start();
        byte[] garbage = "not a fulfillment request".getBytes(StandardCharsets.UTF_8);

        producer.send(new ProducerRecord<>(Topics.FULFILLMENT_REQUESTS, poisoned, garbage)).get();
        request(next, 1);

        assertEquals(FulfillmentOutcome.ACCEPTED, awaitOnlyResult(next).getOutcome());
        var dead = Eventually.await(WAIT, "the dead letter of " + poisoned, () -> deadLetters(poisoned), found -> !found.isEmpty());
        assertEquals(1, dead.size());
        assertArrayEquals(garbage, dead.get(0).value());
        assertEquals(Topics.FULFILLMENT_REQUESTS,
                new String(dead.get(0).headers().lastHeader(DeadLetters.TOPIC).value(), StandardCharsets.UTF_8));
        assertEquals(List.of(), results(poisoned));
        assertEquals(List.of(), warehouse.callsFor(poisoned));
        assertTrue(dispatcher.readiness().check().ready(), dispatcher.readiness().check().detail());
    }

    @Test
    void aDispatcherThatDiesBetweenTheCallAndTheCommitIsRepeatedWithTheSameKeyAndOneResultIsCommitted() throws Exception {
        String orderId = order("crash");
        // the warehouse ships at once but holds its answer: the call is acted on, its outcome not yet known
        warehouse.holdFirstCall(orderId);
        var patient = config(warehouse.url(), "PT30S", "");
        var first = start(patient, new SimpleMeterRegistry());
        request(orderId, 1);
        Eventually.await(WAIT, "the first call", () -> warehouse.callsFor(orderId), calls -> calls.size() == 1);

        first.close();

        assertEquals(List.of(), results(orderId), "nothing committed by the dispatcher that died");
        start(patient, new SimpleMeterRegistry());
        var results = awaitResults(orderId, 1);
        warehouse.release(orderId);
        Thread.sleep(500);

        assertEquals(1, results(orderId).size(), "exactly one result: " + results(orderId));
        assertEquals(FulfillmentOutcome.ACCEPTED, results.get(0).getOutcome());
        var calls = warehouse.callsFor(orderId);
        assertEquals(2, calls.size(), "the call was repeated");
        assertEquals(List.of(Requests.requestIdOf(orderId), Requests.requestIdOf(orderId)),
                calls.stream().map(TestWarehouse.Call::idempotencyKey).toList());
        assertEquals(1, warehouse.shipmentsFor(orderId), "and shipped once");
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        return CommittedLog.of(kafka, Topics.deadLetters(WarehouseDispatcher.GROUP_ID)).stream()
                .filter(record -> key.equals(record.key()))
                .toList();
    }
}
