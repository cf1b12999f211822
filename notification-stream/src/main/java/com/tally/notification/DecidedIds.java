package com.tally.notification;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The value of {@link StoreNames#REQUESTED}: an order's notification IDs, sorted, one a line, in
 * UTF-8. An order has at most one per {@link NotificationKind}, and an ID is {@code ntf_} and a
 * UUID, so a plain text set is all the state needs; a readable changelog is a bonus.
 */
final class DecidedIds {

    private DecidedIds() {
    }

    static Serde<Set<String>> serde() {
        return Serdes.serdeFrom(
                (topic, ids) -> ids == null ? null : String.join("\n", new TreeSet<>(ids)).getBytes(StandardCharsets.UTF_8),
                (topic, bytes) -> bytes == null ? null : read(new String(bytes, StandardCharsets.UTF_8)));
    }

    private static Set<String> read(String text) {
        SortedSet<String> ids = new TreeSet<>();
        if (!text.isEmpty()) {
            ids.addAll(Arrays.asList(text.split("\n")));
        }
        return Collections.unmodifiableSortedSet(ids);
    }

    /** A new set: {@code ids} and {@code id}; {@code ids} stays as it was. */
    static Set<String> with(Set<String> ids, String id) {
        var more = new TreeSet<>(ids);
        more.add(id);
        return Collections.unmodifiableSortedSet(more);
    }
}
