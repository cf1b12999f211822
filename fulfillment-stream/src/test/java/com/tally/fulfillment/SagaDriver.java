package com.tally.fulfillment;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.FulfillmentCallback;
import com.tally.schemas.FulfillmentCallbackStatus;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.FulfillmentSaga;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderItem;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** fulfillment-stream's topology in a TopologyTestDriver, with the topics and stores a test looks at. */
final class SagaDriver implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(30), 3);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<String, OrderEvent> orderEvents;
    final TestInputTopic<String, FulfillmentResult> resultsIn;
    final TestInputTopic<String, FulfillmentCallback> callbacks;
    final TestOutputTopic<String, FulfillmentRequested> requests;
    final TestOutputTopic<String, FulfillmentResult> results;
    final KeyValueStore<String, FulfillmentSaga> sagas;
    final KeyValueStore<String, String> deadlines;
    private Instant now = T0;

    SagaDriver(Path stateDir) {
        Properties settings = KafkaDefaults.streams(new KafkaConfig("unused:9092", 1, 1, 1, stateDir), FulfillmentStreamApp.APPLICATION_ID);
        driver = new TopologyTestDriver(FulfillmentTopology.build(settings, POLICY, registry), settings, T0);
        var keys = new StringSerializer();
        orderEvents = driver.createInputTopic(Topics.ORDER_EVENTS, keys, AvroSerde.of(OrderEvent.class).serializer());
        resultsIn = driver.createInputTopic(Topics.FULFILLMENT_RESULTS, keys, AvroSerde.of(FulfillmentResult.class).serializer());
        callbacks = driver.createInputTopic(Topics.FULFILLMENT_CALLBACKS, keys, AvroSerde.of(FulfillmentCallback.class).serializer());
        requests = output(Topics.FULFILLMENT_REQUESTS, FulfillmentRequested.class);
        results = output(Topics.FULFILLMENT_RESULTS, FulfillmentResult.class);
        sagas = driver.getKeyValueStore(StoreNames.SAGAS);
        deadlines = driver.getKeyValueStore(StoreNames.DEADLINES);
    }

    private <T extends SpecificRecord> TestOutputTopic<String, T> output(String topic, Class<T> type) {
        return driver.createOutputTopic(topic, new StringDeserializer(), AvroSerde.of(type).deserializer());
    }

    /** Moves the wall clock on, in steps of the punctuator's tick, so every deadline on the way fires when it is due. */
    void advance(Duration by) {
        Instant until = now.plus(by);
        while (now.isBefore(until)) {
            Duration step = Duration.between(now, until).compareTo(RunSaga.TICK) < 0 ? Duration.between(now, until) : RunSaga.TICK;
            driver.advanceWallClockTime(step);
            now = now.plus(step);
        }
    }

    /**
     * Moves the wall clock past {@code by} and one tick more: a deadline fires at the first tick
     * at or after it, so up to one tick late.
     */
    void advancePast(Duration by) {
        advance(by.plus(RunSaga.TICK));
    }

    Instant now() {
        return now;
    }

    void orderBecame(String orderId, OrderStatus from, OrderStatus to, String eventId) {
        orderEvents.pipeInput(orderId, OrderEvent.newBuilder()
                .setEventId(eventId)
                .setCauseEventId("cause-" + eventId)
                .setOrderId(orderId)
                .setFrom(from)
                .setTo(to)
                .setCause(to == OrderStatus.PAID ? "payment-succeeded" : "test")
                .setAt(now)
                .setItems(List.of(new OrderItem("SKU-1", 2)))
                .setCustomerEmail("buyer@example.com")
                .setAmountMinor(4990L)
                .setCurrency("EUR")
                .build(), now);
    }

    void paid(String orderId) {
        orderBecame(orderId, OrderStatus.PENDING, OrderStatus.PAID, "paid-" + orderId);
    }

    void answer(String orderId, int attempt, FulfillmentOutcome outcome, String reason) {
        resultsIn.pipeInput(orderId, FulfillmentResult.newBuilder()
                .setEventId("answer-" + orderId + "-" + attempt + "-" + outcome)
                .setCauseEventId(FulfillmentIds.attemptEventId(FulfillmentIds.requestId(orderId), attempt))
                .setOrderId(orderId)
                .setRequestId(FulfillmentIds.requestId(orderId))
                .setOutcome(outcome)
                .setReason(reason)
                .setAt(now)
                .setAttempt(attempt)
                .build(), now);
    }

    /** A callback as ingest appends it: a fresh event ID per delivery, the warehouse's webhook-id. */
    void callback(String orderId, String webhookId, FulfillmentCallbackStatus status) {
        callbacks.pipeInput(orderId, FulfillmentCallback.newBuilder()
                .setEventId(EventIds.fresh())
                .setWebhookId(webhookId)
                .setOrderId(orderId)
                .setRequestId(FulfillmentIds.requestId(orderId))
                .setStatus(status)
                .setShipmentId("shp_1")
                .setOccurredAt(now.minusSeconds(5))
                .setReceivedAt(now)
                .setRawBody(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
                .setHeaders(Map.of("webhook-id", webhookId))
                .build(), now);
    }

    double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        driver.close();
    }
}
