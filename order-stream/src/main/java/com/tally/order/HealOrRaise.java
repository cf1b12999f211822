package com.tally.order;

import com.tally.order.ReconciliationRules.Healing;
import com.tally.schemas.OrderState;
import com.tally.schemas.WebhookReceived;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A heal, keyed by its order ID, checked against the order as order-stream holds it: a placed
 * order gets the webhook it missed, anything else is raised. It reads the order store and never
 * writes it: the webhook changes the order the way every webhook does, through the state machine.
 */
final class HealOrRaise implements Processor<String, WebhookReceived, String, Healing> {

    private ProcessorContext<String, Healing> context;
    private KeyValueStore<String, OrderState> orders;

    @Override
    public void init(ProcessorContext<String, Healing> context) {
        this.context = context;
        this.orders = context.getStateStore(StoreNames.ORDER_STATE);
    }

    @Override
    public void process(Record<String, WebhookReceived> record) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        context.forward(record.withValue(ReconciliationRules.healOrRaise(orders.get(record.key()), record.value(), now)));
    }
}
