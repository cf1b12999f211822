package com.tally.order;

import com.tally.schemas.WebhookReceived;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a webhook whose provider event ID was already seen within the retention: processors
 * retry deliveries (Stripe for 3 days, Adyen for 30). The store is changelogged and written in
 * the same transaction as the outputs, so a crash can neither lose nor repeat a delivery.
 */
final class DeliveryDedupe implements FixedKeyProcessor<String, WebhookReceived, WebhookReceived> {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDedupe.class);

    private final Duration retention;
    private FixedKeyProcessorContext<String, WebhookReceived> context;
    private ExpiringKeys seen;

    DeliveryDedupe(Duration retention) {
        this.retention = retention;
    }

    static String deliveryKey(WebhookReceived hook) {
        return hook.getProvider() + ":" + hook.getProviderEventId();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, WebhookReceived> context) {
        this.context = context;
        this.seen = new ExpiringKeys(context, StoreNames.SEEN_DELIVERIES, retention);
    }

    @Override
    public void process(FixedKeyRecord<String, WebhookReceived> record) {
        String key = deliveryKey(record.value());
        if (seen.seenBefore(key, context.currentSystemTimeMs())) {
            log.debug("repeated delivery {} (event {}), dropped", key, record.value().getEventId());
            return;
        }
        context.forward(record);
    }
}
