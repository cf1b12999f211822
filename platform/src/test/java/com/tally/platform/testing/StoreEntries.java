package com.tally.platform.testing;

import org.apache.kafka.streams.state.KeyValueStore;

/** What a test asks of a state store it holds (from a TopologyTestDriver): how many entries it has now. */
public final class StoreEntries {

    private StoreEntries() {
    }

    /** Counted, not estimated: {@code approximateNumEntries} may count deleted keys not yet compacted away. */
    public static int count(KeyValueStore<?, ?> store) {
        int n = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }
}
