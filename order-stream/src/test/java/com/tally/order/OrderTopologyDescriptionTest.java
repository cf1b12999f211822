package com.tally.order;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Pins the topology's shape: processor and store names end up in changelog and internal topic
 * names, so renaming one is a decision (update order-topology.txt with it), never an accident.
 */
class OrderTopologyDescriptionTest {

    @Test
    void topologyKeepsItsNamedProcessorsStoresAndTopics() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/order-topology.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        var settings = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, OrderStreamApp.APPLICATION_ID, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

        String actual = OrderTopology.build(settings, Duration.ofDays(30), Duration.ofHours(1), Duration.ofHours(2), Compensation.DEFAULTS,
                Duration.ofHours(1)).describe().toString();

        assertEquals(expected.strip(), actual.strip(),
                "the topology changed; if on purpose, copy the new description into order-stream/src/test/resources/order-topology.txt");
    }
}
