package com.tally.order;

import java.time.Duration;
import java.util.ArrayList;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A dedupe store with bounded retention: key → when it was first seen (wall-clock millis). A
 * wall-clock punctuator deletes what is older than the retention, through the store, so the
 * deletions reach the changelog in the same transactions as everything else: memory, disk and
 * changelog stay bounded, and a restart neither forgets a key inside the retention nor keeps one past it.
 */
final class ExpiringKeys {

    private final KeyValueStore<String, Long> store;
    private final long retentionMs;

    ExpiringKeys(ProcessingContext context, String storeName, Duration retention) {
        this.store = context.getStateStore(storeName);
        this.retentionMs = retention.toMillis();
        context.schedule(purgeInterval(retention), PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    /** Often enough that the store is never much larger than the retention needs, rarely enough to cost nothing. */
    static Duration purgeInterval(Duration retention) {
        Duration interval = retention.dividedBy(30);
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return interval.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : interval;
    }

    /** True when the key was seen within the retention; otherwise remembers it as seen now. */
    boolean seenBefore(String key, long nowMs) {
        Long firstSeen = store.get(key);
        if (firstSeen != null && nowMs - firstSeen < retentionMs) {
            return true;
        }
        store.put(key, nowMs);
        return false;
    }

    void purge(long nowMs) {
        var expired = new ArrayList<String>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> {
                if (nowMs - entry.value >= retentionMs) {
                    expired.add(entry.key);
                }
            });
        }
        expired.forEach(store::delete);
    }
}
