package com.tally.console.records;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The newest committed records of a topic, across its partitions, newest first: what the console
 * shows of the alerts and the dead letters. It reads at most {@code limit} records back from the
 * end of each partition, so a long topic costs no more than a short one. One consumer with no
 * group, shared by the console's request threads one at a time.
 */
public final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    public TopicTail(KafkaConfig kafka, Duration timeout) {
        var props = KafkaDefaults.reader(kafka, "tally-console-tail");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");   // looking at a topic must not make it
        this.consumer = new KafkaConsumer<>(props);
        this.timeout = timeout;
    }

    /** The newest {@code limit} records of the topic, newest first (by timestamp, then offset); none when the topic does not exist. */
    public synchronized List<ConsumerRecord<byte[], byte[]>> newest(String topic, int limit) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        try {
            return read(partitions, limit);
        } finally {
            consumer.assign(List.of());   // a read that failed half-way leaves no pause behind for the next one
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> read(List<TopicPartition> partitions, int limit) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
        var pending = new HashMap<TopicPartition, Long>();
        for (TopicPartition partition : partitions) {
            long end = ends.get(partition);
            long from = Math.max(begins.get(partition), end - limit);
            if (from < end) {
                consumer.seek(partition, from);
                pending.put(partition, end);
            }
        }
        consumer.pause(partitions.stream().filter(partition -> !pending.containsKey(partition)).toList());
        var read = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.offset() < pending.getOrDefault(new TopicPartition(record.topic(), record.partition()), -1L)) {
                    read.add(record);
                }
            }
            // up to the last stable offset: what lies between is markers and aborted records, not data
            pending.entrySet().removeIf(entry -> consumer.position(entry.getKey()) >= entry.getValue());
        }
        read.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp()).thenComparingLong(ConsumerRecord::offset)
                .reversed());
        return read.size() > limit ? List.copyOf(read.subList(0, limit)) : List.copyOf(read);
    }

    /** The number of offsets each partition of the topic holds (end minus beginning): how many records it has, markers included. */
    public synchronized long size(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            return 0;
        }
        List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
        return partitions.stream().mapToLong(partition -> ends.get(partition) - begins.get(partition)).sum();
    }

    /** The names of the cluster's topics that end with {@code suffix}, sorted. */
    public synchronized List<String> topicsEndingWith(String suffix) {
        return consumer.listTopics(timeout).keySet().stream().filter(name -> name.endsWith(suffix)).sorted().toList();
    }

    @Override
    public synchronized void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
