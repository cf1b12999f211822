package com.tally.fulfillment;

import com.tally.schemas.AvroSerde;
import com.tally.schemas.FulfillmentCallback;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.FulfillmentSaga;
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
 * fulfillment-stream's topology, top to bottom:
 * <ol>
 *   <li>the order's events (from order-stream, the owner of order state), the warehouse's
 *       answers (from the dispatcher) and its callbacks (from ingest), all keyed by order ID, run
 *       through the saga;</li>
 *   <li>the requests it sends go to {@code fulfillment.requests}, for the dispatcher (and
 *       order-stream); the results it reports itself (callbacks mapped once per
 *       {@code webhook-id}, gave up) go to {@code fulfillment.results}.</li>
 * </ol>
 * The saga reads fulfillment.results and writes to it: what it reads back of its own reports
 * changes nothing ({@link SagaRules#answered}).
 */
public final class FulfillmentTopology {

    private final Serde<String> keys = Serdes.String();
    private final Serde<OrderEvent> orderEvents = AvroSerde.of(OrderEvent.class);
    private final Serde<FulfillmentRequested> requests = AvroSerde.of(FulfillmentRequested.class);
    private final Serde<FulfillmentResult> results = AvroSerde.of(FulfillmentResult.class);
    private final Serde<FulfillmentCallback> callbacks = AvroSerde.of(FulfillmentCallback.class);
    private final Serde<FulfillmentSaga> sagas = AvroSerde.of(FulfillmentSaga.class);

    private FulfillmentTopology() {
    }

    /** {@code settings} are the Streams settings the topology will run with, the same that KafkaStreams gets. */
    public static Topology build(Map<?, ?> settings, RetryPolicy policy, MeterRegistry registry) {
        var metrics = new SagaMetrics(registry);
        var topology = new FulfillmentTopology();
        // topology-level settings (a processor wrapper, DSL store suppliers) reach only a builder made with them
        var builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(settings)));
        topology.addStores(builder);
        topology.publish(topology.runSagas(builder, policy, metrics));
        return builder.build();
    }

    private void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SAGAS), keys, sagas));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DEADLINES), keys, Serdes.String()));
    }

    private KStream<String, SagaStep> runSagas(StreamsBuilder builder, RetryPolicy policy, SagaMetrics metrics) {
        KStream<String, SagaInput> orders = builder
                .stream(Topics.ORDER_EVENTS, Consumed.with(keys, orderEvents).withName("order-events-in"))
                .mapValues(SagaInput.OrderChange::new, Named.as("wrap-order-event"));
        KStream<String, SagaInput> answers = builder
                .stream(Topics.FULFILLMENT_RESULTS, Consumed.with(keys, results).withName("fulfillment-results-in"))
                .mapValues(SagaInput.Answer::new, Named.as("wrap-fulfillment-result"));
        KStream<String, SagaInput> callbacks = builder
                .stream(Topics.FULFILLMENT_CALLBACKS, Consumed.with(keys, this.callbacks).withName("fulfillment-callbacks-in"))
                .mapValues(SagaInput.Callback::new, Named.as("wrap-fulfillment-callback"));
        return orders
                .merge(answers, Named.as("merge-fulfillment-results"))
                .merge(callbacks, Named.as("merge-fulfillment-callbacks"))
                .process(() -> new RunSaga(policy, metrics), Named.as("run-saga"), StoreNames.SAGAS, StoreNames.DEADLINES);
    }

    private void publish(KStream<String, SagaStep> steps) {
        steps.flatMapValues(SagaStep::requests, Named.as("take-requests"))
                .to(Topics.FULFILLMENT_REQUESTS, Produced.with(keys, requests).withName("fulfillment-requests-out"));
        steps.flatMapValues(SagaStep::results, Named.as("take-results"))
                .to(Topics.FULFILLMENT_RESULTS, Produced.with(keys, results).withName("fulfillment-results-out"));
    }
}
