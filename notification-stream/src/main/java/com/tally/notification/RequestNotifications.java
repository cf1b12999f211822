package com.tally.notification;

import com.tally.schemas.OrderEvent;
import com.tally.schemas.Topics;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link NotificationRules} for one order event against the IDs the order already has,
 * remembers the ID it decides, and forwards the decision, whose request, alert and result the topology
 * takes to their topics: the store's change and the outputs commit in one Kafka transaction, so
 * after a crash the event is either decided with its outputs or not at all.
 */
final class RequestNotifications implements Processor<String, OrderEvent, String, NotificationDecision> {

    private static final Logger log = LoggerFactory.getLogger(RequestNotifications.class);

    private final String opsAddress;
    private final OutboxMetrics metrics;
    private ProcessorContext<String, NotificationDecision> context;
    private KeyValueStore<String, Set<String>> decided;

    RequestNotifications(String opsAddress, OutboxMetrics metrics) {
        this.opsAddress = opsAddress;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, NotificationDecision> context) {
        this.context = context;
        this.decided = context.getStateStore(StoreNames.REQUESTED);
    }

    @Override
    public void process(Record<String, OrderEvent> record) {
        String orderId = record.key();
        OrderKeys.require(orderId, record.value().getOrderId(), Topics.ORDER_EVENTS);
        Set<String> before = decided.get(orderId);
        NotificationDecision decision = NotificationRules.decide(before == null ? Set.of() : before, record.value(), opsAddress);
        if (decision.decided().isEmpty()) {
            log.debug("{}", decision.note());
            return;
        }
        decided.put(orderId, DecidedIds.with(before == null ? Set.of() : before, decision.decided().get()));
        context.forward(record.withValue(decision));
        decision.requests().forEach(metrics::requested);
    }
}
