package com.tally.notification;

import com.tally.platform.StoredJson;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * notification-stream's topology, top to bottom:
 * <ol>
 *   <li>the outbox: the order's events (from order-stream, with the order's details), keyed by
 *       order ID, are decided against the notification IDs the order already has;</li>
 *   <li>an e-mail owed goes to {@code notifications.requests}, keyed by order ID so one order's
 *       e-mails go out in order, for the dispatcher; one that has nobody to go to is an alert on
 *       {@code ops.alerts} and a FAILED result on {@code notifications.results};</li>
 *   <li>the view: the requests and the results (the dispatcher's and the outbox's own), both
 *       keyed by order ID, kept per order as {@code GET /notifications/{orderId}} shows them.</li>
 * </ol>
 * A record that cannot be decoded, or whose processing throws, goes to the app's dead-letter
 * topic by the settings every stream app takes from {@code KafkaDefaults.streams}.
 */
public final class NotificationTopology {

    private final Serde<String> keys = Serdes.String();
    private final Serde<OrderEvent> orderEvents = AvroSerde.of(OrderEvent.class);
    private final Serde<NotificationRequested> requests = AvroSerde.of(NotificationRequested.class);
    private final Serde<NotificationResult> results = AvroSerde.of(NotificationResult.class);
    private final Serde<Alert> alerts = AvroSerde.of(Alert.class);

    private NotificationTopology() {
    }

    /**
     * @param settings   the Streams settings the topology will run with, the same that KafkaStreams gets
     * @param opsAddress the shop's operations address (TALLY_OPS_EMAIL) for needs-review; null or blank when not set
     * @param registry   where {@code tally.notifications.requested} is counted
     */
    public static Topology build(Map<?, ?> settings, String opsAddress, MeterRegistry registry) {
        var topology = new NotificationTopology();
        var metrics = new OutboxMetrics(registry);
        // topology-level settings (a processor wrapper, DSL store suppliers) reach only a builder made with them
        var builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(settings)));
        topology.addStores(builder);
        topology.publish(topology.decide(builder, opsAddress, metrics));
        topology.keepViews(builder);
        return builder.build();
    }

    private void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.REQUESTED), keys,
                DecidedIds.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.VIEWS), keys,
                StoredJson.serde(OrderNotifications.class, StoreNames.VIEWS, NotificationStreamApp.APPLICATION_ID)));
    }

    private KStream<String, NotificationDecision> decide(StreamsBuilder builder, String opsAddress, OutboxMetrics metrics) {
        return builder.stream(Topics.ORDER_EVENTS, Consumed.with(keys, orderEvents).withName("order-events-in"))
                .process(() -> new RequestNotifications(opsAddress, metrics), Named.as("request-notifications"), StoreNames.REQUESTED);
    }

    private void publish(KStream<String, NotificationDecision> decisions) {
        decisions.flatMapValues(NotificationDecision::requests, Named.as("take-requests"))
                .to(Topics.NOTIFICATION_REQUESTS, Produced.with(keys, requests).withName("notification-requests-out"));
        decisions.flatMapValues(NotificationDecision::alerts, Named.as("take-alerts"))
                .to(Topics.ALERTS, Produced.with(keys, alerts).withName("alerts-out"));
        decisions.flatMapValues(NotificationDecision::results, Named.as("take-results"))
                .to(Topics.NOTIFICATION_RESULTS, Produced.with(keys, results).withName("notification-results-out"));
    }

    private void keepViews(StreamsBuilder builder) {
        KStream<String, ViewInput> requested = builder
                .stream(Topics.NOTIFICATION_REQUESTS, Consumed.with(keys, requests).withName("notification-requests-in"))
                .mapValues(ViewInput.Request::new, Named.as("wrap-notification-request"));
        KStream<String, ViewInput> resulted = builder
                .stream(Topics.NOTIFICATION_RESULTS, Consumed.with(keys, results).withName("notification-results-in"))
                .mapValues(ViewInput.Result::new, Named.as("wrap-notification-result"));
        requested.merge(resulted, Named.as("merge-requests-and-results"))
                .process(UpdateViews::new, Named.as("update-notification-views"), StoreNames.VIEWS);
    }
}
