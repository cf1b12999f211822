package com.tally.order;

import com.tally.schemas.OrderState;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the state machine for one order and stores the result. The store write and every output
 * (transitions, alerts, refund requests) commit in one Kafka transaction: the outbox, done by Kafka.
 */
final class ApplyToOrder implements FixedKeyProcessor<String, OrderInput, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(ApplyToOrder.class);

    private FixedKeyProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, OrderState> orders;

    @Override
    public void init(FixedKeyProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.orders = context.getStateStore(StoreNames.ORDER_STATE);
    }

    @Override
    public void process(FixedKeyRecord<String, OrderInput> record) {
        String orderId = record.key();
        OrderState current = orders.get(orderId);
        if (current == null) {
            current = OrderStateMachine.unknown(orderId);
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Decision decision = record.value().applyTo(current, now);
        decision.refusal().ifPresent(reason -> log.debug("order {}: {}", orderId, reason));
        orders.put(orderId, decision.next());
        decision.transitions().forEach(event -> context.forward(record.withValue(event)));
        decision.alerts().forEach(alert -> context.forward(record.withValue(alert)));
        decision.refunds().forEach(refund -> context.forward(record.withValue(refund)));
    }
}
