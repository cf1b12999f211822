package com.tally.platform;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Store values that are read models of one service alone (a view it answers queries from, a
 * run it keeps), as JSON through {@link TallyJson#mapper()}: no Avro schema to keep in step with
 * them, the changelog reads like the answer, a field added later reads as null from older entries
 * and a field removed is passed over, so changing the model needs no reset of the store.
 */
public final class StoredJson {

    private StoredJson() {
    }

    /**
     * @param storeName   the store, for the errors
     * @param application the Kafka Streams application that owns it, for the errors: resetting it rebuilds the store
     */
    public static <T> Serde<T> serde(Class<T> type, String storeName, String application) {
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
                        + ": rebuild the store by resetting " + application + "'s application (kafka-streams-application-reset)", e);
            }
        });
    }
}
