package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** TALLY_KAFKA_<PROPERTY> reaches every client Tally builds, and can never weaken exactly-once. */
class KafkaClientSettingsTest {

    private static KafkaConfig kafka(Map<String, String> variables) {
        Env env = Env.of(variables);
        KafkaConfig kafka = KafkaConfig.fromEnv(env);
        env.check();
        return kafka;
    }

    @Test
    void aPropertyNamedInUpperCaseWithUnderscoresReachesStreamsProducerAndAdmin() {
        var kafka = kafka(Map.of("TALLY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "TALLY_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"));

        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"), kafka.clientSettings());
        assertEquals("SASL_SSL", KafkaDefaults.streams(kafka, "order-stream").get("security.protocol"));
        assertEquals("SASL_SSL", KafkaDefaults.producer(kafka, "ingest").get("security.protocol"));
        assertEquals("SCRAM-SHA-512", KafkaDefaults.admin(kafka).get("sasl.mechanism"));
    }

    @Test
    void aClientIsGivenOnlyTheSettingsItKnows() {
        var kafka = kafka(Map.of("TALLY_KAFKA_PROCESSOR_WRAPPER_CLASS", "com.example.Tracing", "TALLY_KAFKA_LINGER_MS", "3"));

        assertEquals("com.example.Tracing", KafkaDefaults.streams(kafka, "order-stream").get("processor.wrapper.class"));
        assertFalse(KafkaDefaults.producer(kafka, "ingest").containsKey("processor.wrapper.class"));
        assertEquals("3", KafkaDefaults.producer(kafka, "ingest").get("linger.ms"));
        assertFalse(KafkaDefaults.admin(kafka).containsKey("linger.ms"));
    }

    @Test
    void settingsExactlyOnceRestsOnAreRefusedAllAtOnce() {
        var failure = assertThrows(Env.ConfigException.class, () -> kafka(Map.of(
                "TALLY_KAFKA_ACKS", "1",
                "TALLY_KAFKA_PROCESSING_GUARANTEE", "at_least_once",
                "TALLY_KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9092")));

        assertEquals(3, failure.problems().size(), failure.getMessage());
        assertTrue(failure.getMessage().contains("TALLY_KAFKA_ACKS cannot be set: Tally sets acks itself"), failure.getMessage());
        assertTrue(failure.getMessage().contains("set TALLY_BOOTSTRAP_SERVERS instead"), failure.getMessage());
    }

    @Test
    void streamsEnableTheProcessingExceptionHandlerForGlobalStoresToo() {
        assertEquals("true", KafkaDefaults.streams(kafka(Map.of()), "order-stream").get("processing.exception.handler.global.enabled"));
    }
}
