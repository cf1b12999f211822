package com.tally.notification;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies {@link ViewUpdate} to the order's view for each request and result read, in the
 * transaction of the records' offsets, so the view counts each record once.
 */
final class UpdateViews implements Processor<String, ViewInput, Void, Void> {

    private KeyValueStore<String, OrderNotifications> views;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.views = context.getStateStore(StoreNames.VIEWS);
    }

    @Override
    public void process(Record<String, ViewInput> record) {
        String orderId = record.key();
        if (!orderId.equals(record.value().orderId())) {
            // a producer bug: applying it would show another order's e-mail under this key. The processing
            // exception handler sends it to notification-stream.dlq and the other orders go on
            throw new IllegalArgumentException("record keyed " + orderId + " names order " + record.value().orderId()
                    + ": fix the producer of notifications.requests or notifications.results to key records by order ID");
        }
        OrderNotifications before = views.get(orderId);
        views.put(orderId, ViewUpdate.apply(before == null ? OrderNotifications.none(orderId) : before, record.value()));
    }
}
