package com.tally.platform.testing;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every committed record of a topic as it stands now: read with read_committed up to each
 * partition's last stable offset, which is where an open transaction would begin. Offsets are
 * not assumed contiguous (transaction markers take offsets too): reading stops on positions.
 */
public final class CommittedLog {

    private CommittedLog() {
    }

    /** On a broker that needs no client settings (the embedded one). */
    public static List<ConsumerRecord<String, byte[]>> of(String bootstrapServers, String topic) {
        return of(KafkaConfig.fromEnv(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, bootstrapServers)), topic);
    }

    /** With the cluster's client settings (TLS, SASL ...), as the services reach it. */
    public static List<ConsumerRecord<String, byte[]>> of(KafkaConfig kafka, String topic) {
        try (var consumer = new KafkaConsumer<>(KafkaDefaults.consumer(kafka, "committed-log-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            var records = new ArrayList<ConsumerRecord<String, byte[]>>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + ends + " within 60 s");
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
                        records.add(record);
                    }
                }
            }
            return records;
        }
    }
}
