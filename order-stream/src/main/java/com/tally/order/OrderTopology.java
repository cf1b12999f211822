package com.tally.order;

import com.tally.platform.StoredJson;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.LedgerBalances;
import com.tally.schemas.LedgerEntry;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.OrderState;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.SettlementRecord;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * order-stream's topology, top to bottom:
 * <ol>
 *   <li>webhooks (keyed by transaction ID) lose repeated deliveries, then repeated facts, and
 *       become payment events re-keyed by order ID on {@code payments.events};</li>
 *   <li>every input about an order (placements, payment events, fulfillment requests and results,
 *       refund requests, all keyed by order ID) runs through the order state machine, whose
 *       transitions, alerts, refund requests and ledger entries go to their topics; the same
 *       processor raises, by the wall clock, paid orders nobody fulfils;</li>
 *   <li>ledger entries are summed per currency into the balances table;</li>
 *   <li>the payment facts and the rows of processors' settlement reports meet per provider, and each
 *       report, once whole, is reconciled: differences raise alerts, and a charge Tally missed for a
 *       placed order goes back to {@code payments.webhooks} as the webhook that never came.</li>
 * </ol>
 * A rebuild runs only the second part, from the logs, publishing nothing: new state from the log.
 * It raises no stuck orders: how long an order waited is a reading of the clock, not of the log.
 */
public final class OrderTopology {

    private final Serde<String> keys = Serdes.String();
    private final Serde<WebhookReceived> webhooks = AvroSerde.of(WebhookReceived.class);
    private final Serde<OrderPlaced> placements = AvroSerde.of(OrderPlaced.class);
    private final Serde<PaymentEvent> payments = AvroSerde.of(PaymentEvent.class);
    private final Serde<FulfillmentRequested> fulfillmentRequests = AvroSerde.of(FulfillmentRequested.class);
    private final Serde<FulfillmentResult> fulfillmentResults = AvroSerde.of(FulfillmentResult.class);
    private final Serde<OrderState> orders = AvroSerde.of(OrderState.class);
    private final Serde<OrderEvent> orderEvents = AvroSerde.of(OrderEvent.class);
    private final Serde<Alert> alerts = AvroSerde.of(Alert.class);
    private final Serde<RefundRequested> refunds = AvroSerde.of(RefundRequested.class);
    private final Serde<LedgerEntry> ledgerEntries = AvroSerde.of(LedgerEntry.class);
    private final Serde<LedgerBalances> balances = AvroSerde.of(LedgerBalances.class);
    private final Serde<SettlementRecord> settlements = AvroSerde.of(SettlementRecord.class);

    private OrderTopology() {
    }

    /** {@code settings} are the Streams settings the topology will run with, the same that KafkaStreams gets. */
    public static Topology build(Map<?, ?> settings, Duration dedupeRetention, Duration unmatchedTimeout, Duration stuckAfter,
                                 Compensation compensation, Duration reconciliationGrace) {
        var topology = new OrderTopology();
        var builder = builder(settings);
        topology.addStores(builder);
        var facts = topology.recordPaymentFacts(builder, dedupeRetention);
        topology.publish(topology.applyToOrders(builder, unmatchedTimeout, Optional.of(stuckAfter), compensation));
        topology.sumLedgerBalances(builder);
        topology.reconcile(builder, facts, reconciliationGrace);
        return builder.build();
    }

    /** The order state rebuilt from the input logs under another application ID; nothing is published. */
    public static Topology rebuild(Map<?, ?> settings, Duration unmatchedTimeout, Compensation compensation) {
        var topology = new OrderTopology();
        var builder = builder(settings);
        topology.addOrderStores(builder);
        topology.applyToOrders(builder, unmatchedTimeout, Optional.empty(), compensation);
        return builder.build();
    }

    /**
     * Topology-level settings (a processor wrapper, DSL store suppliers) apply only to a topology
     * whose builder was made with them: given to KafkaStreams alone they would be ignored.
     */
    private static StreamsBuilder builder(Map<?, ?> settings) {
        return new StreamsBuilder(new TopologyConfig(new StreamsConfig(settings)));
    }

    private void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.SEEN_DELIVERIES), keys, Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.RECORDED_FACTS), keys, Serdes.Long()));
        addOrderStores(builder);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.TALLY_TRANSACTIONS), keys,
                StoredJson.serde(TallySide.class, StoreNames.TALLY_TRANSACTIONS, OrderStreamApp.APPLICATION_ID)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.TALLY_CHARGES_BY_TIME), keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.REPORT_ROWS), keys, settlements));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.RECONCILIATION_RUNS), keys,
                StoredJson.serde(ReconciliationRun.class, StoreNames.RECONCILIATION_RUNS, OrderStreamApp.APPLICATION_ID)));
    }

    private void addOrderStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ORDER_STATE), keys, orders));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ORDERS_BY_STATUS), keys, Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.UNMATCHED_PAYMENTS), keys, Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.AWAITING_FULFILLMENT), keys, Serdes.Long()));
    }

    /** @return the payment facts, each once, which reconciliation reads as Tally's side */
    private KStream<String, WebhookReceived> recordPaymentFacts(StreamsBuilder builder, Duration dedupeRetention) {
        KStream<String, WebhookReceived> facts = builder
                // keyed by transaction ID, so every event of one charge reaches the same dedupe stores
                .stream(Topics.WEBHOOKS, Consumed.with(keys, webhooks).withName("webhooks-in"))
                .processValues(() -> new DropRepeats(StoreNames.SEEN_DELIVERIES, dedupeRetention, PaymentFacts::deliveryKey),
                        Named.as("drop-repeated-deliveries"), StoreNames.SEEN_DELIVERIES)
                .processValues(() -> new DropRepeats(StoreNames.RECORDED_FACTS, dedupeRetention, PaymentFacts::factKey),
                        Named.as("drop-repeated-facts"), StoreNames.RECORDED_FACTS)
                // an event type Tally does not act on was appended by ingest for the record; nothing to do here
                .filter((txId, hook) -> hook.getKind() != PaymentKind.UNSUPPORTED, Named.as("ignore-unsupported-types"));

        facts.split(Named.as("order-id-"))
                // keyed by transaction ID, which is also the alert's subject
                .branch((txId, hook) -> hook.getOrderId() == null, Branched.withConsumer(withoutOrder -> withoutOrder
                        .mapValues(PaymentFacts::paymentWithoutOrderId, Named.as("raise-payment-without-order-id"))
                        .to(Topics.ALERTS, Produced.with(keys, alerts).withName("payment-without-order-id-alerts-out")), "missing"))
                .defaultBranch(Branched.withConsumer(withOrder -> withOrder
                        .mapValues(PaymentFacts::toPaymentEvent, Named.as("map-to-payment-event"))
                        // re-key by order ID: from here on all of one order's events stay in order in one partition
                        .selectKey((txId, payment) -> payment.getOrderId(), Named.as("rekey-by-order-id"))
                        .to(Topics.PAYMENT_EVENTS, Produced.with(keys, payments).withName("payment-events-out")), "present"));
        return facts;
    }

    private KStream<String, Decision> applyToOrders(StreamsBuilder builder, Duration unmatchedTimeout, Optional<Duration> stuckAfter,
                                                    Compensation compensation) {
        KStream<String, OrderInput> placed = builder
                .stream(Topics.ORDERS_PLACED, Consumed.with(keys, placements).withName("orders-placed-in"))
                .mapValues(OrderInput.Placement::new, Named.as("wrap-placement"));
        KStream<String, OrderInput> paid = builder
                .stream(Topics.PAYMENT_EVENTS, Consumed.with(keys, payments).withName("payment-events-in"))
                .mapValues(OrderInput.Payment::new, Named.as("wrap-payment"));
        KStream<String, OrderInput> fulfilling = builder
                .stream(Topics.FULFILLMENT_REQUESTS, Consumed.with(keys, fulfillmentRequests).withName("fulfillment-requests-in"))
                .mapValues(OrderInput.FulfillmentRequest::new, Named.as("wrap-fulfillment-request"));
        KStream<String, OrderInput> fulfilled = builder
                .stream(Topics.FULFILLMENT_RESULTS, Consumed.with(keys, fulfillmentResults).withName("fulfillment-results-in"))
                .mapValues(OrderInput.FulfillmentUpdate::new, Named.as("wrap-fulfillment-result"));
        KStream<String, OrderInput> refunding = builder
                .stream(Topics.REFUNDS, Consumed.with(keys, refunds).withName("refund-requests-in"))
                // this app's own requests come back here: the order changed when they were made, and in a
                // rebuild one may be read before the charge that caused it, so they are never inputs
                .filter((orderId, request) -> !OrderStateMachine.ORDER_STREAM.equals(request.getRequestedBy()), Named.as("skip-own-refund-requests"))
                .mapValues(OrderInput.RefundRequest::new, Named.as("wrap-refund-request"));

        return placed
                .merge(paid, Named.as("merge-payments"))
                .merge(fulfilling, Named.as("merge-fulfillment-requests"))
                .merge(fulfilled, Named.as("merge-fulfillment-results"))
                .merge(refunding, Named.as("merge-refund-requests"))
                .process(() -> new ApplyToOrder(unmatchedTimeout, stuckAfter, compensation), Named.as("apply-to-order"),
                        StoreNames.ORDER_STATE, StoreNames.ORDERS_BY_STATUS, StoreNames.UNMATCHED_PAYMENTS, StoreNames.AWAITING_FULFILLMENT);
    }

    /** Each kind of output the state machine decided goes to its own topic, typed, with the decision's timestamp. */
    private void publish(KStream<String, Decision> decided) {
        decided.flatMapValues(Decision::transitions, Named.as("take-transitions"))
                .to(Topics.ORDER_EVENTS, Produced.with(keys, orderEvents).withName("order-events-out"));
        decided.flatMapValues(Decision::alerts, Named.as("take-alerts"))
                .to(Topics.ALERTS, Produced.with(keys, alerts).withName("order-alerts-out"));
        decided.flatMapValues(Decision::refunds, Named.as("take-refund-requests"))
                .to(Topics.REFUNDS, Produced.with(keys, refunds).withName("refund-requests-out"));
        decided.flatMapValues(Decision::ledger, Named.as("take-ledger-entries"))
                .to(Topics.LEDGER_ENTRIES, Produced.with(keys, ledgerEntries).withName("ledger-entries-out"));
    }

    /** One balances record per currency holds both legs of every entry, so debits equal credits in each committed version. */
    private void sumLedgerBalances(StreamsBuilder builder) {
        builder.stream(Topics.LEDGER_ENTRIES, Consumed.with(keys, ledgerEntries).withName("ledger-entries-in"))
                .groupBy((orderId, entry) -> entry.getCurrency(), Grouped.with("ledger-by-currency", keys, ledgerEntries))
                .aggregate(Ledger::noBalances, (currency, entry, sum) -> Ledger.post(sum, entry), Named.as("post-to-balances"),
                        Materialized.<String, LedgerBalances, KeyValueStore<Bytes, byte[]>>as(StoreNames.LEDGER_BALANCES)
                                .withKeySerde(keys).withValueSerde(balances));
    }

    /**
     * Tally's payment facts and the processors' report rows, both keyed by transaction ID, meet
     * keyed by provider: a report is reconciled whole, against every charge of its provider, in one
     * task. A heal then goes to its order's task, which alone knows whether the order was placed.
     */
    private void reconcile(StreamsBuilder builder, KStream<String, WebhookReceived> facts, Duration grace) {
        KStream<String, ReconciliationInput> tally = facts
                // reconciliation compares figures: the raw body and headers would only weigh down the repartition topic
                .mapValues(hook -> WebhookReceived.newBuilder(hook).setRawBody(ByteBuffer.allocate(0)).setHeaders(Map.of()).build(),
                        Named.as("strip-raw-webhook"))
                .selectKey((txId, hook) -> hook.getProvider(), Named.as("rekey-facts-by-provider"))
                .repartition(Repartitioned.with(keys, webhooks).withName("tally-facts-by-provider"))
                .mapValues(ReconciliationInput.TallyFact::new, Named.as("wrap-tally-fact"));
        KStream<String, ReconciliationInput> rows = builder
                .stream(Topics.SETTLEMENTS, Consumed.with(keys, settlements).withName("settlements-in"))
                .selectKey((txId, row) -> row.getProvider(), Named.as("rekey-settlements-by-provider"))
                .repartition(Repartitioned.with(keys, settlements).withName("settlements-by-provider"))
                .mapValues(ReconciliationInput.ProcessorRow::new, Named.as("wrap-settlement-row"));

        KStream<String, Reconciled> reconciled = tally
                .merge(rows, Named.as("merge-settlement-rows"))
                .process(() -> new Reconcile(grace), Named.as("reconcile-reports"),
                        StoreNames.TALLY_TRANSACTIONS, StoreNames.TALLY_CHARGES_BY_TIME, StoreNames.REPORT_ROWS, StoreNames.RECONCILIATION_RUNS);
        reconciled.flatMapValues(Reconciled::alerts, Named.as("take-reconciliation-alerts"))
                .selectKey((provider, alert) -> alert.getSubject(), Named.as("key-reconciliation-alerts-by-subject"))
                .to(Topics.ALERTS, Produced.with(keys, alerts).withName("reconciliation-alerts-out"));

        KStream<String, ReconciliationRules.Healing> healing = reconciled
                .flatMapValues(Reconciled::heals, Named.as("take-heals"))
                .selectKey((provider, heal) -> heal.getOrderId(), Named.as("rekey-heals-by-order-id"))
                .repartition(Repartitioned.with(keys, webhooks).withName("heals-by-order-id"))
                .process(HealOrRaise::new, Named.as("heal-or-raise"), StoreNames.ORDER_STATE);
        healing.flatMapValues(h -> h.heal().stream().toList(), Named.as("take-healed-webhooks"))
                // keyed by transaction ID like every webhook, so the charge dedupe sees the heal and the late webhook alike
                .selectKey((orderId, heal) -> heal.getTransactionId(), Named.as("rekey-healed-webhooks-by-transaction-id"))
                .to(Topics.WEBHOOKS, Produced.with(keys, webhooks).withName("healed-webhooks-out"));
        healing.flatMapValues(h -> h.alert().stream().toList(), Named.as("take-heal-alerts"))
                .to(Topics.ALERTS, Produced.with(keys, alerts).withName("heal-alerts-out"));
    }
}
