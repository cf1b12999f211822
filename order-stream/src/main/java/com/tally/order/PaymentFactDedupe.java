package com.tally.order;

import com.tally.schemas.WebhookReceived;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a webhook that announces a payment fact already recorded: two different events for one
 * charge ({@code charge.succeeded} and {@code payment_intent.succeeded}) change the order once.
 * Keyed by transaction ID upstream, so every event of one charge reaches the same store. Past
 * the retention the order's own state still knows each charge and refund, so a very late repeat
 * changes nothing either.
 */
final class PaymentFactDedupe implements FixedKeyProcessor<String, WebhookReceived, WebhookReceived> {

    private static final Logger log = LoggerFactory.getLogger(PaymentFactDedupe.class);

    private final Duration retention;
    private FixedKeyProcessorContext<String, WebhookReceived> context;
    private ExpiringKeys recorded;

    PaymentFactDedupe(Duration retention) {
        this.retention = retention;
    }

    /**
     * The fact a webhook states, if it is one that must count once: a successful charge once per
     * transaction ID, a refund once per refund ID (so two partial refunds of one charge both count).
     * A failed attempt has no such key: every failed attempt is its own fact.
     */
    static Optional<String> factKey(WebhookReceived hook) {
        return switch (hook.getKind()) {
            case SUCCEEDED -> Optional.of("charge:" + hook.getTransactionId());
            case REFUNDED -> Optional.of("refund:" + Optional.ofNullable(hook.getRefundId()).orElse(hook.getProviderEventId()));
            case FAILED, DISPUTED, UNSUPPORTED -> Optional.empty();
        };
    }

    @Override
    public void init(FixedKeyProcessorContext<String, WebhookReceived> context) {
        this.context = context;
        this.recorded = new ExpiringKeys(context, StoreNames.RECORDED_FACTS, retention);
    }

    @Override
    public void process(FixedKeyRecord<String, WebhookReceived> record) {
        Optional<String> fact = factKey(record.value());
        if (fact.isPresent() && recorded.seenBefore(fact.get(), context.currentSystemTimeMs())) {
            log.debug("{} already recorded, event {} dropped", fact.get(), record.value().getEventId());
            return;
        }
        context.forward(record);
    }
}
