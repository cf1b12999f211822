package com.tally.notification;

import com.tally.schemas.Topics;
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
        OrderKeys.require(orderId, record.value().orderId(), Topics.NOTIFICATION_REQUESTS + " or " + Topics.NOTIFICATION_RESULTS);
        OrderNotifications before = views.get(orderId);
        views.put(orderId, ViewUpdate.apply(before == null ? OrderNotifications.none(orderId) : before, record.value()));
    }
}
