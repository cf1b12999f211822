package com.tally.platform.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tally.platform.KafkaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatchSettingsTest {

    private static KafkaConfig kafka(Map<String, String> clientSettings) {
        return new KafkaConfig("localhost:9092", 1, 1, 3, Path.of("unused"), 0, Duration.ofMillis(100), KafkaConfig.EXACTLY_ONCE, 1,
                clientSettings);
    }

    private static DispatchSettings settings(Map<String, String> clientSettings, String instanceId, int maxInFlight, Duration deadline) {
        return new DispatchSettings(kafka(clientSettings), "refund-dispatcher", "payments.refunds", instanceId, maxInFlight, deadline);
    }

    @Test
    void theConsumerReadsCommittedRecordsAsBytesAndCommitsOnlyThroughTheTransaction() {
        var consumer = settings(Map.of(), "", 32, Duration.ofSeconds(15)).consumerProperties("refund-dispatcher-x-consumer");

        assertEquals("read_committed", consumer.get("isolation.level"));
        assertEquals("false", consumer.get("enable.auto.commit"));
        assertEquals("refund-dispatcher", consumer.get("group.id"));
        assertEquals("refund-dispatcher-x-consumer", consumer.get("client.id"));
        assertEquals("org.apache.kafka.common.serialization.ByteArrayDeserializer", consumer.get("value.deserializer"));
        assertFalse(consumer.containsKey("group.instance.id"), "no instance ID, no static membership");
    }

    @Test
    void anInstanceIdMakesTheConsumerAStaticMemberNamedAfterItsGroup() {
        var consumer = settings(Map.of(), " b ", 32, Duration.ofSeconds(15)).consumerProperties("c");

        assertEquals("refund-dispatcher-b", consumer.get("group.instance.id"));
    }

    @Test
    void aPollHoldsFourWavesOfCallsAndItsIntervalFitsThemAllRunningToTheDeadline() {
        assertEquals("128", settings(Map.of(), "", 32, Duration.ofSeconds(15)).consumerProperties("c").get("max.poll.records"));
        assertEquals("300000", settings(Map.of(), "", 32, Duration.ofSeconds(15)).consumerProperties("c").get("max.poll.interval.ms"),
                "never below the consumer's own default");
        // 4 waves of 2 minutes, and a minute for the transaction
        assertEquals("540000", settings(Map.of(), "", 2, Duration.ofMinutes(2)).consumerProperties("c").get("max.poll.interval.ms"));
    }

    @Test
    void theClustersOwnBatchSizeAndIntervalAreKeptAndTheIntervalFollowsTheBatchSize() {
        var consumer = settings(Map.of("max.poll.records", "100"), "", 10, Duration.ofMinutes(1)).consumerProperties("c");
        assertEquals("100", consumer.get("max.poll.records"));
        assertEquals("660000", consumer.get("max.poll.interval.ms"), "10 waves of a minute, and a minute");

        var given = settings(Map.of("max.poll.interval.ms", "3000"), "", 10, Duration.ofMinutes(1)).consumerProperties("c");
        assertEquals("3000", given.get("max.poll.interval.ms"));
    }

    @Test
    void theProducerIsTransactionalWithBytesForKeysAndAShortTransactionTimeout() {
        var producer = settings(Map.of(), "", 32, Duration.ofSeconds(15)).producerProperties("p", "refund-dispatcher-b");

        assertEquals("refund-dispatcher-b", producer.get("transactional.id"));
        assertEquals("all", producer.get("acks"));
        assertEquals("org.apache.kafka.common.serialization.ByteArraySerializer", producer.get("key.serializer"));
        assertEquals("10000", producer.get("transaction.timeout.ms"));
    }

    @Test
    void theDeadLetterTopicIsNamedAfterTheGroup() {
        assertEquals("refund-dispatcher.dlq", settings(Map.of(), "", 1, Duration.ofSeconds(1)).deadLetterTopic());
    }

    @Test
    void noCallsInFlightOrNoDeadlineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of(), "", 0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of(), "", 1, Duration.ZERO));
    }
}
