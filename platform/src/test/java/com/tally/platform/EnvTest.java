package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void unsetVariablesTakeTheirDefaults() {
        Env env = Env.of(Map.of());

        KafkaConfig kafka = KafkaConfig.fromEnv(env);
        env.check();

        assertEquals("localhost:9092", kafka.bootstrapServers());
        assertEquals(1, kafka.replicationFactor());
        assertEquals(6, kafka.partitions());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Env env = Env.of(Map.of(KafkaConfig.PARTITIONS, "many", KafkaConfig.REPLICATION_FACTOR, "0", "TALLY_X_TIMEOUT", "5 seconds"));
        KafkaConfig.fromEnv(env);
        env.duration("TALLY_X_TIMEOUT", Duration.ofSeconds(5));
        env.required("TALLY_SECRET", "the secret");

        var failure = assertThrows(Env.ConfigException.class, env::check);

        assertEquals(4, failure.problems().size(), failure.getMessage());
        assertTrue(failure.getMessage().contains("TALLY_PARTITIONS=many is not a whole number"));
        assertTrue(failure.getMessage().contains("TALLY_REPLICATION_FACTOR=0 is out of range"));
        assertTrue(failure.getMessage().contains("PT5S"), "says how to write a duration");
        assertTrue(failure.getMessage().contains("TALLY_SECRET is not set"));
    }

    @Test
    void listsAreCommaSeparatedAndTrimmed() {
        Env env = Env.of(Map.of("TALLY_STRIPE_WEBHOOK_SECRET", " whsec_a, whsec_b ,,"));

        assertEquals(List.of("whsec_a", "whsec_b"), env.list("TALLY_STRIPE_WEBHOOK_SECRET"));
    }

    @Test
    void streamsDefaultsAreExactlyOnceWithDeadLetters() {
        var settings = KafkaDefaults.streams(KafkaConfig.fromEnv(Env.of(Map.of())), "order-stream");

        assertEquals("exactly_once_v2", settings.get("processing.guarantee"));
        assertEquals("order-stream.dlq", settings.get("errors.dead.letter.queue.topic.name"));
    }

    @Test
    void producerDefaultsAreIdempotentWithAcksAll() {
        var settings = KafkaDefaults.producer(KafkaConfig.fromEnv(Env.of(Map.of())), "ingest");

        assertEquals("all", settings.get("acks"));
        assertEquals(true, settings.get("enable.idempotence"));
    }
}
