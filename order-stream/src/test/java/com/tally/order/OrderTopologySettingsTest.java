package com.tally.order;

import static com.tally.order.Fixtures.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.OrderStatus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology is built with the Streams settings it runs under, so topology-level settings
 * reach it: a processor wrapper given there wraps the named processors and reaches their stores.
 */
class OrderTopologySettingsTest {

    @TempDir
    Path stateDir;

    @Test
    void processorWrapperInTheSettingsWrapsBothDedupesAndTheStateMachine() {
        var seen = new RecordingWrapper.Seen();
        var settings = new HashMap<String, Object>(RecordingWrapper.settings(seen));
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, OrderStreamApp.APPLICATION_ID);
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

        OrderTopology.build(settings, OrderDriver.RETENTION, OrderDriver.UNMATCHED_TIMEOUT, OrderDriver.STUCK_AFTER,
                Compensation.DEFAULTS, OrderDriver.RECONCILIATION_GRACE);

        assertTrue(seen.wrapped.containsAll(List.of("drop-repeated-deliveries", "drop-repeated-facts", "apply-to-order")),
                "wrapped: " + seen.wrapped);
    }

    @Test
    void wrapperAroundApplyToOrderReadsTheOrderItStored() {
        var seen = new RecordingWrapper.Seen();
        var settings = OrderDriver.settings(stateDir);
        settings.putAll(RecordingWrapper.settings(seen));

        try (var t = new OrderDriver(settings)) {
            t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        }

        assertEquals(List.of(new RecordingWrapper.Stored("o-1", OrderStatus.PENDING)), seen.stored);
    }
}
