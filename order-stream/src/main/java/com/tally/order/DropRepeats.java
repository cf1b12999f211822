package com.tally.order;

import com.tally.schemas.WebhookReceived;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a webhook whose key was already seen within the retention; a webhook without a key always
 * passes. What counts as a repeat is the key function's business: a delivery, a payment fact. The
 * store is changelogged and written in the same transaction as the outputs, so a crash can neither
 * lose nor repeat a key.
 */
final class DropRepeats implements FixedKeyProcessor<String, WebhookReceived, WebhookReceived> {

    private static final Logger log = LoggerFactory.getLogger(DropRepeats.class);

    private final String storeName;
    private final Duration retention;
    private final Function<WebhookReceived, Optional<String>> key;
    private FixedKeyProcessorContext<String, WebhookReceived> context;
    private ExpiringKeys seen;

    DropRepeats(String storeName, Duration retention, Function<WebhookReceived, Optional<String>> key) {
        this.storeName = storeName;
        this.retention = retention;
        this.key = key;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, WebhookReceived> context) {
        this.context = context;
        this.seen = new ExpiringKeys(context, storeName, retention);
    }

    @Override
    public void process(FixedKeyRecord<String, WebhookReceived> record) {
        Optional<String> repeatKey = key.apply(record.value());
        if (repeatKey.isPresent() && seen.seenBefore(repeatKey.get(), context.currentSystemTimeMs())) {
            log.debug("{} already in {}, event {} dropped", repeatKey.get(), storeName, record.value().getEventId());
            return;
        }
        context.forward(record);
    }
}
