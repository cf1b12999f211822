package com.tally.notification;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.tally.platform.TallyJson;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The value of {@link StoreNames#VIEWS}: {@link OrderNotifications} as the JSON of
 * {@code GET /notifications/{orderId}}, through {@link TallyJson#mapper()}. The view is a read
 * model of this service alone, rebuilt from two topics, never read by another service: one record
 * type serves the store and the answer, with no Avro schema to keep in step with it, and the
 * changelog reads like the answer. A field added later reads as null from older entries, and a
 * field removed is passed over, so a change of the view needs no reset of the store.
 */
final class StoredViews {

    private static final ObjectReader READER = TallyJson.mapper().readerFor(OrderNotifications.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StoredViews() {
    }

    static Serde<OrderNotifications> serde() {
        return Serdes.serdeFrom((topic, view) -> {
            try {
                return view == null ? null : TallyJson.mapper().writeValueAsBytes(view);
            } catch (IOException e) {
                throw new SerializationException("cannot write the notification view of order " + view.orderId(), e);
            }
        }, (topic, bytes) -> {
            try {
                return bytes == null ? null : READER.readValue(bytes);
            } catch (IOException e) {
                throw new SerializationException("a stored notification view is not the JSON of OrderNotifications: rebuild "
                        + StoreNames.VIEWS + " by resetting notification-stream's application (kafka-streams-application-reset)", e);
            }
        });
    }
}
