package com.tally.order;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.tally.platform.TallyJson;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Store values that are read models of this service alone (reconciliation's view of a
 * transaction, a run), as JSON through {@link TallyJson#mapper()}: no Avro schema to keep in step,
 * and a field added later reads as null from older entries.
 */
final class StoredJson {

    private StoredJson() {
    }

    static <T> Serde<T> serde(Class<T> type, String storeName) {
        ObjectReader reader = TallyJson.mapper().readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return Serdes.serdeFrom((topic, value) -> {
            try {
                return value == null ? null : TallyJson.mapper().writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write a " + type.getSimpleName() + " to " + storeName, e);
            }
        }, (topic, bytes) -> {
            try {
                return bytes == null ? null : reader.readValue(bytes);
            } catch (IOException e) {
                throw new SerializationException("an entry of " + storeName + " is not the JSON of " + type.getSimpleName()
                        + ": rebuild the store by resetting order-stream's application (kafka-streams-application-reset)", e);
            }
        });
    }
}
