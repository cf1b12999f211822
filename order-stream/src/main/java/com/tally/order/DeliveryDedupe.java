package com.tally.order;

import com.tally.schemas.WebhookReceived;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a webhook whose provider event ID was already seen within the retention: processors
 * retry deliveries (Stripe for 3 days, Adyen for 30). The store is changelogged and written in
 * the same transaction as the outputs, so a crash can neither lose nor repeat a delivery.
 */
final class DeliveryDedupe implements FixedKeyProcessor<String, WebhookReceived, WebhookReceived> {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDedupe.class);

    private final long retentionMs;
    private FixedKeyProcessorContext<String, WebhookReceived> context;
    private WindowStore<String, String> seen;

    DeliveryDedupe(Duration retention) {
        this.retentionMs = retention.toMillis();
    }

    static String deliveryKey(WebhookReceived hook) {
        return hook.getProvider() + ":" + hook.getProviderEventId();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, WebhookReceived> context) {
        this.context = context;
        this.seen = context.getStateStore(StoreNames.SEEN_EVENT_IDS);
    }

    @Override
    public void process(FixedKeyRecord<String, WebhookReceived> record) {
        String key = deliveryKey(record.value());
        long at = record.timestamp();
        try (var earlier = seen.fetch(key, at - retentionMs, at + retentionMs)) {
            if (earlier.hasNext()) {
                log.debug("repeated delivery {} (first seen as event {}), dropped", key, earlier.next().value);
                return;
            }
        }
        seen.put(key, record.value().getEventId(), at);
        context.forward(record);
    }
}
