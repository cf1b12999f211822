package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Pins the topology's shape: processor and store names end up in changelog topic names, so
 * renaming one is a decision (update notification-topology.txt with it), never an accident.
 */
class NotificationTopologyDescriptionTest {

    @Test
    void topologyKeepsItsNamedProcessorsStoresAndTopics() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/notification-topology.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var settings = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, NotificationDriver.APPLICATION_ID,
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

        String actual = NotificationTopology.build(settings, "ops@shop.example", new SimpleMeterRegistry()).describe().toString();

        assertEquals(expected.strip(), actual.strip(),
                "the topology changed; if on purpose, copy the new description into notification-stream/src/test/resources/notification-topology.txt");
    }
}
