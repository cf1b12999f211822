package com.tally.notification;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * notification-stream's topology in a TopologyTestDriver, with the topics, the stores and the meters a
 * test looks at. The driver feeds what the outbox writes to notifications.requests and
 * notifications.results back to the view, as the broker would.
 */
final class NotificationDriver implements AutoCloseable {

    /** The application ID the app's main will run with; its dead-letter topic is named after it. */
    static final String APPLICATION_ID = "notification-stream";
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    final TopologyTestDriver driver;
    final TestInputTopic<String, OrderEvent> orderEvents;
    final TestInputTopic<String, byte[]> rawOrderEvents;
    final TestInputTopic<String, NotificationRequested> requestsIn;
    final TestInputTopic<String, NotificationResult> resultsIn;
    final TestInputTopic<String, byte[]> rawResults;
    final TestOutputTopic<String, NotificationRequested> requests;
    final TestOutputTopic<String, NotificationResult> results;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, byte[]> deadLetters;
    final KeyValueStore<String, Set<String>> decided;
    final KeyValueStore<String, OrderNotifications> views;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    NotificationDriver(Path stateDir, String opsAddress) {
        Properties settings = KafkaDefaults.streams(new KafkaConfig("unused:9092", 1, 1, 1, stateDir), APPLICATION_ID);
        driver = new TopologyTestDriver(NotificationTopology.build(settings, opsAddress, registry), settings, T0);
        var keys = new StringSerializer();
        orderEvents = driver.createInputTopic(Topics.ORDER_EVENTS, keys, AvroSerde.of(OrderEvent.class).serializer());
        rawOrderEvents = driver.createInputTopic(Topics.ORDER_EVENTS, keys, new ByteArraySerializer());
        requestsIn = driver.createInputTopic(Topics.NOTIFICATION_REQUESTS, keys, AvroSerde.of(NotificationRequested.class).serializer());
        resultsIn = driver.createInputTopic(Topics.NOTIFICATION_RESULTS, keys, AvroSerde.of(NotificationResult.class).serializer());
        rawResults = driver.createInputTopic(Topics.NOTIFICATION_RESULTS, keys, new ByteArraySerializer());
        requests = driver.createOutputTopic(Topics.NOTIFICATION_REQUESTS, new StringDeserializer(),
                AvroSerde.of(NotificationRequested.class).deserializer());
        results = driver.createOutputTopic(Topics.NOTIFICATION_RESULTS, new StringDeserializer(),
                AvroSerde.of(NotificationResult.class).deserializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), AvroSerde.of(Alert.class).deserializer());
        deadLetters = driver.createOutputTopic(Topics.deadLetters(APPLICATION_ID), new StringDeserializer(),
                new ByteArrayDeserializer());
        decided = driver.getKeyValueStore(StoreNames.REQUESTED);
        views = driver.getKeyValueStore(StoreNames.VIEWS);
    }

    void orderBecame(String orderId, OrderStatus from, OrderStatus to, String eventId, String email) {
        orderEvents.pipeInput(orderId, OrderEvent.newBuilder(NotificationRulesTest.event(eventId, from, to, email))
                .setOrderId(orderId).build(), T0);
    }

    void orderBecame(String orderId, OrderStatus from, OrderStatus to, String eventId) {
        orderBecame(orderId, from, to, eventId, "buyer-" + orderId + "@example.com");
    }

    /** How many e-mails of {@code kind} the outbox counted as requested. */
    double requestedCount(NotificationKind kind) {
        return registry.get("tally.notifications.requested").tag("kind", kind.wireName()).counter().count();
    }

    @Override
    public void close() {
        driver.close();
    }
}
