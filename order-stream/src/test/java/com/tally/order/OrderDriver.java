package com.tally.order;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.testing.StoreEntries;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.LedgerBalances;
import com.tally.schemas.LedgerEntry;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.SettlementRecord;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** order-stream's topology in a TopologyTestDriver, with every topic and store a test looks at. */
final class OrderDriver implements AutoCloseable {

    static final Duration RETENTION = Duration.ofDays(30);
    static final Duration UNMATCHED_TIMEOUT = Duration.ofHours(1);
    /** The default threshold, so an order left paid in a test is raised only when the test waits that long. */
    static final Duration STUCK_AFTER = Duration.ofHours(2);
    static final Duration RECONCILIATION_GRACE = Duration.ofHours(1);

    final TopologyTestDriver driver;
    final TestInputTopic<String, WebhookReceived> webhooks;
    final TestInputTopic<String, OrderPlaced> placements;
    final TestInputTopic<String, byte[]> rawPlacements;
    final TestInputTopic<String, FulfillmentRequested> fulfillmentRequests;
    final TestInputTopic<String, FulfillmentResult> fulfillmentResults;
    final TestInputTopic<String, RefundRequested> refundRequestsIn;
    final TestInputTopic<String, SettlementRecord> settlements;
    final TestOutputTopic<String, PaymentEvent> paymentEvents;
    final TestOutputTopic<String, OrderEvent> orderEvents;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, RefundRequested> refundRequests;
    final TestOutputTopic<String, LedgerEntry> ledger;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final KeyValueStore<String, OrderState> orders;
    final KeyValueStore<String, Long> byStatus;
    final KeyValueStore<String, Long> seenDeliveries;
    final KeyValueStore<String, Long> recordedFacts;
    final KeyValueStore<String, LedgerBalances> balances;
    final KeyValueStore<String, Long> awaitingFulfillment;
    final KeyValueStore<String, ReconciliationRun> runs;

    static Properties settings(Path stateDir) {
        return KafkaDefaults.streams(new KafkaConfig("unused:9092", 1, 1, 1, stateDir), OrderStreamApp.APPLICATION_ID);
    }

    OrderDriver(Properties settings) {
        this(settings, STUCK_AFTER);
    }

    OrderDriver(Properties settings, Duration stuckAfter) {
        this(settings, stuckAfter, Compensation.DEFAULTS);
    }

    OrderDriver(Properties settings, Compensation compensation) {
        this(settings, STUCK_AFTER, compensation);
    }

    OrderDriver(Properties settings, Duration stuckAfter, Compensation compensation) {
        driver = new TopologyTestDriver(OrderTopology.build(settings, RETENTION, UNMATCHED_TIMEOUT, stuckAfter, compensation,
                RECONCILIATION_GRACE), settings,
                Fixtures.T0);
        var keys = new StringSerializer();
        webhooks = driver.createInputTopic(Topics.WEBHOOKS, keys, AvroSerde.of(WebhookReceived.class).serializer());
        placements = driver.createInputTopic(Topics.ORDERS_PLACED, keys, AvroSerde.of(OrderPlaced.class).serializer());
        rawPlacements = driver.createInputTopic(Topics.ORDERS_PLACED, keys, new ByteArraySerializer());
        fulfillmentRequests = driver.createInputTopic(Topics.FULFILLMENT_REQUESTS, keys, AvroSerde.of(FulfillmentRequested.class).serializer());
        fulfillmentResults = driver.createInputTopic(Topics.FULFILLMENT_RESULTS, keys, AvroSerde.of(FulfillmentResult.class).serializer());
        refundRequestsIn = driver.createInputTopic(Topics.REFUNDS, keys, AvroSerde.of(RefundRequested.class).serializer());
        settlements = driver.createInputTopic(Topics.SETTLEMENTS, keys, AvroSerde.of(SettlementRecord.class).serializer());
        paymentEvents = output(Topics.PAYMENT_EVENTS, PaymentEvent.class);
        orderEvents = output(Topics.ORDER_EVENTS, OrderEvent.class);
        alerts = output(Topics.ALERTS, Alert.class);
        refundRequests = output(Topics.REFUNDS, RefundRequested.class);
        ledger = output(Topics.LEDGER_ENTRIES, LedgerEntry.class);
        deadLetters = driver.createOutputTopic(Topics.deadLetters(OrderStreamApp.APPLICATION_ID), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        orders = driver.getKeyValueStore(StoreNames.ORDER_STATE);
        byStatus = driver.getKeyValueStore(StoreNames.ORDERS_BY_STATUS);
        seenDeliveries = driver.getKeyValueStore(StoreNames.SEEN_DELIVERIES);
        recordedFacts = driver.getKeyValueStore(StoreNames.RECORDED_FACTS);
        balances = driver.getKeyValueStore(StoreNames.LEDGER_BALANCES);
        awaitingFulfillment = driver.getKeyValueStore(StoreNames.AWAITING_FULFILLMENT);
        runs = driver.getKeyValueStore(StoreNames.RECONCILIATION_RUNS);
    }

    private <T extends SpecificRecord> TestOutputTopic<String, T> output(String topic, Class<T> type) {
        return driver.createOutputTopic(topic, new StringDeserializer(), AvroSerde.of(type).deserializer());
    }

    /** Reads away what a setup step published, so a test asserts only what its own step did. */
    void drain() {
        orderEvents.readValuesToList();
        alerts.readValuesToList();
        refundRequests.readValuesToList();
        ledger.readValuesToList();
        paymentEvents.readValuesToList();
    }

    OrderState order(String orderId) {
        return orders.get(orderId);
    }

    OrderStatus status(String orderId) {
        return orders.get(orderId).getStatus();
    }

    static List<OrderStatus> targets(List<OrderEvent> events) {
        return events.stream().map(OrderEvent::getTo).toList();
    }

    static List<String> kinds(List<Alert> alerts) {
        return alerts.stream().map(Alert::getKind).toList();
    }

    static List<String> causes(OrderState state) {
        return state.getHistory().stream().map(OrderEvent::getCause).toList();
    }

    static <T> int count(KeyValueStore<String, T> store) {
        return StoreEntries.count(store);
    }

    @Override
    public void close() {
        driver.close();
    }
}
