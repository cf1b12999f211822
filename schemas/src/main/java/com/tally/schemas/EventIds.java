package com.tally.schemas;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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

    /**
     * For events that start a chain (an HTTP request accepted by ingest): a random (version 4)
     * UUID. Event IDs must be unique, not unguessable, so this skips SecureRandom, whose lock
     * every request thread would otherwise queue on.
     */
    public static String fresh() {
        var random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;                        // version 4
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;  // IETF variant
        return new UUID(high, low).toString();
    }
}
