package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.OrderState;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.Severity;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * order-stream's topology, top to bottom:
 * <ol>
 *   <li>webhooks (keyed by transaction ID) lose repeated deliveries, then repeated facts, and
 *       become payment events re-keyed by order ID on {@code payments.events};</li>
 *   <li>placements and payment events (both keyed by order ID) run through the order state
 *       machine, whose transitions, alerts and refund requests go to their topics.</li>
 * </ol>
 */
public final class OrderTopology {

    public static final String APPLICATION_ID = "order-stream";

    private final Serde<String> keys = Serdes.String();
    private final Serde<WebhookReceived> webhooks = AvroSerde.of(WebhookReceived.class);
    private final Serde<OrderPlaced> placements = AvroSerde.of(OrderPlaced.class);
    private final Serde<PaymentEvent> payments = AvroSerde.of(PaymentEvent.class);
    private final Serde<OrderState> orders = AvroSerde.of(OrderState.class);
    private final Serde<OrderEvent> orderEvents = AvroSerde.of(OrderEvent.class);
    private final Serde<Alert> alerts = AvroSerde.of(Alert.class);
    private final Serde<RefundRequested> refunds = AvroSerde.of(RefundRequested.class);
    private final Duration dedupeRetention;

    private OrderTopology(Duration dedupeRetention) {
        this.dedupeRetention = dedupeRetention;
    }

    public static Topology build(Duration dedupeRetention) {
        return new OrderTopology(dedupeRetention).topology();
    }

    private Topology topology() {
        var builder = new StreamsBuilder();
        addStores(builder);
        recordPaymentFacts(builder);
        applyToOrders(builder);
        return builder.build();
    }

    private void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(StoreNames.SEEN_EVENT_IDS, dedupeRetention, Duration.ofMillis(1), false),
                keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.RECORDED_PAYMENT_FACTS), keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ORDER_STATE), keys, orders));
    }

    private void recordPaymentFacts(StreamsBuilder builder) {
        KStream<String, WebhookReceived> facts = builder
                .stream(Topics.WEBHOOKS, Consumed.with(keys, webhooks).withName("webhooks-in"))   // keyed by transaction ID
                .processValues(() -> new DeliveryDedupe(dedupeRetention), Named.as("drop-repeated-deliveries"), StoreNames.SEEN_EVENT_IDS)
                .processValues(PaymentFactDedupe::new, Named.as("drop-repeated-facts"), StoreNames.RECORDED_PAYMENT_FACTS)
                // an event type Tally does not act on was appended by ingest for the record; nothing to do here
                .filter((txId, hook) -> hook.getKind() != PaymentKind.UNSUPPORTED, Named.as("ignore-unsupported-types"));

        facts.split(Named.as("order-id-"))
                // keyed by transaction ID, which is also the alert's subject
                .branch((txId, hook) -> hook.getOrderId() == null, Branched.withConsumer(withoutOrder -> withoutOrder
                        .mapValues(OrderTopology::paymentWithoutOrderId, Named.as("raise-payment-without-order-id"))
                        .to(Topics.ALERTS, Produced.with(keys, alerts).withName("payment-without-order-id-alerts-out")), "missing"))
                .defaultBranch(Branched.withConsumer(withOrder -> withOrder
                        .mapValues(OrderTopology::toPaymentEvent, Named.as("map-to-payment-event"))
                        // re-key by order ID: from here on all of one order's events stay in order in one partition
                        .selectKey((txId, payment) -> payment.getOrderId(), Named.as("rekey-by-order-id"))
                        .to(Topics.PAYMENT_EVENTS, Produced.with(keys, payments).withName("payment-events-out")), "present"));
    }

    private void applyToOrders(StreamsBuilder builder) {
        KStream<String, OrderInput> placed = builder
                .stream(Topics.ORDERS_PLACED, Consumed.with(keys, placements).withName("orders-placed-in"))
                .mapValues(OrderInput.Placement::new, Named.as("wrap-placement"));
        KStream<String, OrderInput> paid = builder
                .stream(Topics.PAYMENT_EVENTS, Consumed.with(keys, payments).withName("payment-events-in"))
                .mapValues(OrderInput.Payment::new, Named.as("wrap-payment"));

        placed.merge(paid, Named.as("merge-order-inputs"))
                .processValues(ApplyToOrder::new, Named.as("apply-to-order"), StoreNames.ORDER_STATE)
                .split(Named.as("route-"))
                .branch((orderId, out) -> out instanceof OrderEvent, Branched.withConsumer(s -> s
                        .mapValues(out -> (OrderEvent) out, Named.as("as-order-event"))
                        .to(Topics.ORDER_EVENTS, Produced.with(keys, orderEvents).withName("order-events-out")), "transitions"))
                .branch((orderId, out) -> out instanceof Alert, Branched.withConsumer(s -> s
                        .mapValues(out -> (Alert) out, Named.as("as-alert"))
                        .to(Topics.ALERTS, Produced.with(keys, alerts).withName("order-alerts-out")), "alerts"))
                .branch((orderId, out) -> out instanceof RefundRequested, Branched.withConsumer(s -> s
                        .mapValues(out -> (RefundRequested) out, Named.as("as-refund-request"))
                        .to(Topics.REFUNDS, Produced.with(keys, refunds).withName("refund-requests-out")), "refunds"))
                .noDefaultBranch();
    }

    static PaymentEvent toPaymentEvent(WebhookReceived hook) {
        return PaymentEvent.newBuilder()
                .setEventId(EventIds.derived(hook.getEventId(), "payment-event"))
                .setCauseEventId(hook.getEventId())
                .setOrderId(hook.getOrderId())
                .setTransactionId(hook.getTransactionId())
                .setKind(hook.getKind())
                .setProvider(hook.getProvider())
                .setProviderEventId(hook.getProviderEventId())
                .setAmountMinor(hook.getAmountMinor())
                .setCurrency(hook.getCurrency())
                .setRefundId(hook.getRefundId())
                .setFailureReason(hook.getFailureReason())
                .setOccurredAt(hook.getOccurredAt())
                .build();
    }

    /** The money moved but Tally cannot tell for which order: somebody must look. */
    static Alert paymentWithoutOrderId(WebhookReceived hook) {
        return Alert.newBuilder()
                .setEventId(EventIds.derived(hook.getEventId(), "payment-without-order-id"))
                .setCauseEventId(hook.getEventId())
                .setKind("payment-without-order-id")
                .setSeverity(hook.getKind() == PaymentKind.SUCCEEDED ? Severity.CRITICAL : Severity.WARNING)
                .setSubject(hook.getTransactionId())
                .setDetail(hook.getProvider() + " event " + hook.getProviderEventId() + " (" + hook.getProviderEventType()
                        + ") for " + hook.getTransactionId() + " carries no order ID: find the order with the processor"
                        + " and set its order_id metadata, or refund the charge")
                .setAt(hook.getReceivedAt())
                .build();
    }
}
