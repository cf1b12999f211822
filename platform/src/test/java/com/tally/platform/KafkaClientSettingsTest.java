package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TALLY_KAFKA_<PROPERTY> and TALLY_KAFKA_CONFIG_FILE reach every client Tally builds, and can never weaken exactly-once. */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"tally\" password=\"s3cret\";";

    @TempDir
    Path temp;

    private static KafkaConfig kafka(Map<String, String> variables) {
        return KafkaConfig.fromEnv(variables);
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
    void aConsumerReadsCommittedRecordsFromTheStartWithTheSettingsItKnows() {
        var kafka = kafka(Map.of("TALLY_KAFKA_SECURITY_PROTOCOL", "SSL", "TALLY_KAFKA_LINGER_MS", "3", "TALLY_KAFKA_GROUP_ID", "shared"));

        var consumer = KafkaDefaults.consumer(kafka, "verifier-1");

        assertEquals("SSL", consumer.get("security.protocol"));
        assertEquals("read_committed", consumer.get("isolation.level"));
        assertEquals("false", consumer.get("enable.auto.commit"));
        assertEquals("earliest", consumer.get("auto.offset.reset"));
        assertEquals("verifier-1", consumer.get("group.id"));
        assertFalse(consumer.containsKey("linger.ms"));
    }

    @Test
    void aReaderJoinsNoGroupEvenWhenTheSettingsNameOne() {
        var kafka = kafka(Map.of("TALLY_KAFKA_SECURITY_PROTOCOL", "SSL", "TALLY_KAFKA_GROUP_ID", "shared"));

        var reader = KafkaDefaults.reader(kafka, "tally-console-tail");

        assertFalse(reader.containsKey("group.id"));
        assertEquals("tally-console-tail", reader.get("client.id"));
        assertEquals("SSL", reader.get("security.protocol"));
        assertEquals("read_committed", reader.get("isolation.level"));
        assertEquals("false", reader.get("enable.auto.commit"));
        assertEquals(ByteArrayDeserializer.class.getName(), reader.get("key.deserializer"));
        assertEquals(ByteArrayDeserializer.class.getName(), reader.get("value.deserializer"));
    }

    @Test
    void aClientPropertiesFileGivesEveryClientItsSettings() throws Exception {
        Path file = Files.writeString(temp.resolve("client.properties"), """
                # as Kafka's own tools take it
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
                    username="tally" password="s3cret";
                ssl.truststore.location=/etc/tally/truststore.p12
                """);

        var kafka = kafka(Map.of(KafkaConfig.CONFIG_FILE, file.toString()));

        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/etc/tally/truststore.p12"), kafka.clientSettings());
        assertEquals(JAAS, KafkaDefaults.streams(kafka, "order-stream").get("sasl.jaas.config"));
        assertEquals(JAAS, KafkaDefaults.producer(kafka, "ingest").get("sasl.jaas.config"));
        assertEquals(JAAS, KafkaDefaults.admin(kafka).get("sasl.jaas.config"));
        assertEquals(JAAS, KafkaDefaults.consumer(kafka, "reader").get("sasl.jaas.config"));
    }

    @Test
    void aVariableWinsOverTheFileForTheSameProperty() throws Exception {
        Path file = Files.writeString(temp.resolve("client.properties"), "security.protocol=SSL\nssl.truststore.password=from-file\n");

        var kafka = kafka(Map.of(KafkaConfig.CONFIG_FILE, file.toString(), "TALLY_KAFKA_SSL_TRUSTSTORE_PASSWORD", "from-variable"));

        assertEquals(Map.of("security.protocol", "SSL", "ssl.truststore.password", "from-variable"), kafka.clientSettings());
    }

    @Test
    void theFileIsRefusedWhatTheVariablesAreRefusedWithEveryOtherProblem() throws Exception {
        Path file = Files.writeString(temp.resolve("client.properties"), "bootstrap.servers=elsewhere:9092\nacks=1\nsecurity.protocol=SSL\n");

        var failure = assertThrows(Env.ConfigException.class, () -> kafka(Map.of(KafkaConfig.CONFIG_FILE, file.toString(),
                "TALLY_KAFKA_ENABLE_IDEMPOTENCE", "false")));

        assertEquals(3, failure.problems().size(), failure.getMessage());
        assertTrue(failure.problems().contains("acks in TALLY_KAFKA_CONFIG_FILE (" + file + ") cannot be set: Tally sets acks itself,"
                + " since exactly-once depends on it. Remove it from the file"), failure.getMessage());
        assertTrue(failure.problems().contains("bootstrap.servers in TALLY_KAFKA_CONFIG_FILE (" + file + ") cannot be set: Tally sets"
                + " bootstrap.servers itself, since exactly-once depends on it (set TALLY_BOOTSTRAP_SERVERS instead). Remove it from the file"),
                failure.getMessage());
        assertTrue(failure.problems().contains("TALLY_KAFKA_ENABLE_IDEMPOTENCE cannot be set: Tally sets enable.idempotence itself,"
                + " since exactly-once depends on it. Unset it"), failure.getMessage());
    }

    @Test
    void aMissingFileIsAConfigurationProblemReportedWithTheOthers() {
        String missing = temp.resolve("nowhere.properties").toString();

        var failure = assertThrows(Env.ConfigException.class, () -> kafka(Map.of(KafkaConfig.CONFIG_FILE, missing,
                KafkaConfig.PARTITIONS, "0")));

        assertEquals(2, failure.problems().size(), failure.getMessage());
        assertTrue(failure.problems().contains("TALLY_KAFKA_CONFIG_FILE=" + missing
                + " does not exist: give the path of a Kafka client properties file, or unset it"), failure.getMessage());
    }

    @Test
    void theFileVariableIsNotAClientProperty() throws Exception {
        Path file = Files.writeString(temp.resolve("client.properties"), "security.protocol=SSL\n");

        var kafka = kafka(Map.of(KafkaConfig.CONFIG_FILE, file.toString()));

        assertEquals(Map.of("security.protocol", "SSL"), kafka.clientSettings());
        assertFalse(KafkaDefaults.streams(kafka, "order-stream").containsKey("config.file"));
    }

    @Test
    void theConfigNamesTheClientSettingsButNeverShowsTheirValues() {
        var kafka = kafka(Map.of("TALLY_KAFKA_SASL_JAAS_CONFIG", JAAS, "TALLY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));

        assertTrue(kafka.toString().contains("clientSettings=[sasl.jaas.config, security.protocol]"), kafka.toString());
        assertFalse(kafka.toString().contains("s3cret"), kafka.toString());
    }

    @Test
    void aStreamAppRunOnItsOwnKeepsTheClientSettings() {
        var kafka = kafka(Map.of("TALLY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", KafkaConfig.STANDBY_REPLICAS, "2"));

        var alone = kafka.alone(temp);

        assertEquals(Map.of("security.protocol", "SASL_SSL"), alone.clientSettings());
        assertEquals(0, alone.standbyReplicas());
        assertEquals(temp, alone.stateDir());
    }

    @Test
    void streamsEnableTheProcessingExceptionHandlerForGlobalStoresToo() {
        assertEquals("true", KafkaDefaults.streams(kafka(Map.of()), "order-stream").get("processing.exception.handler.global.enabled"));
    }
}
