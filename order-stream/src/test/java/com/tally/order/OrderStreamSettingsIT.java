package com.tally.order;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.testing.Eventually;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streams settings given to the app through the environment reach its topology, not only
 * KafkaStreams: the hook a deliberately broken build (a processor wrapper) uses to prove the
 * verifier can fail.
 */
class OrderStreamSettingsIT {

    @Test
    void processorWrapperGivenToTheAppWrapsItsProcessorsAndSeesTheOrdersTheyStore() throws Exception {
        var seen = RecordingWrapper.IN_THIS_JVM;
        try (var orderStream = new RunningOrderStream(RecordingWrapper.environment())) {

            orderStream.send(Topics.ORDERS_PLACED, "o-wrapped-1",
                    AvroSerde.of(OrderPlaced.class).encode(Fixtures.order("o-wrapped-1", 4_990, "EUR")));

            assertTrue(seen.wrapped.containsAll(List.of("drop-repeated-deliveries", "drop-repeated-facts", "apply-to-order")),
                    "wrapped: " + seen.wrapped);
            var placed = new RecordingWrapper.Stored("o-wrapped-1", OrderStatus.PENDING);
            Eventually.await(Duration.ofSeconds(30), "the wrapper sees o-wrapped-1 stored PENDING", () -> seen.stored,
                    stored -> stored.contains(placed));
        }
    }
}
