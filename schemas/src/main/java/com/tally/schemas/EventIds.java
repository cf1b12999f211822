package com.tally.schemas;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * IDs of events derived from the event that caused them. A stream app that reprocesses a
 * record after a crash derives the same IDs again, so any consumer outside Kafka's
 * transactions can still recognise the repeat.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String derived(String causeEventId, String purpose) {
        return UUID.nameUUIDFromBytes((causeEventId + "/" + purpose).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** For events that start a chain (an HTTP request accepted by ingest). */
    public static String fresh() {
        return UUID.randomUUID().toString();
    }
}
