package com.tally.ingest;

import java.util.Map;
import java.util.Objects;

/**
 * What a verified webhook becomes: the one record ingest appends for it before answering, and
 * the fields of the 2xx that follows the ack. Each provider decides where its webhooks go
 * (payments to {@code payments.webhooks} by transaction ID, warehouse callbacks to
 * {@code fulfillment.callbacks} by order ID); the intake treats them all alike.
 *
 * @param key             also the subject of the alert raised when a card number was masked
 * @param providerEventId the sender's ID of the event, named in that alert
 * @param answer          the body of the 2xx
 */
public record WebhookRecord(String topic, String key, byte[] value, String providerEventId, Map<String, ?> answer) {

    public WebhookRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(answer, "answer");
    }
}
