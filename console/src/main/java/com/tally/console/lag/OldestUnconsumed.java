package com.tally.console.lag;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds, per partition, the timestamp of the first data record at or after a group's committed
 * offset: the oldest record the group has yet to consume. Fetched, not estimated. It reads
 * read_committed, as Tally's consumers do: transaction markers and records of aborted transactions
 * are not data a group will consume, so a partition holding only those has nothing waiting.
 * One consumer with no group, kept for the console's life; not thread-safe.
 */
public final class OldestUnconsumed implements AutoCloseable {

    /** Enough for the first record of a partition: the rest of the fetch is never looked at. */
    private static final int FETCH_BYTES_PER_PARTITION = 64 * 1024;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    public OldestUnconsumed(KafkaConfig kafka, Duration timeout) {
        var props = KafkaDefaults.reader(kafka, "tally-console-lag");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(FETCH_BYTES_PER_PARTITION));
        this.consumer = new KafkaConsumer<>(props);
        this.timeout = timeout;
    }

    /**
     * The timestamp of the first data record at or after each committed offset; a partition with
     * none is absent. A partition not read to its end within the timeout is absent too, and listed
     * in {@link Found#unread()}.
     */
    public Found timestamps(Map<TopicPartition, Long> committed) {
        if (committed.isEmpty()) {
            return new Found(Map.of(), Set.of());
        }
        consumer.assign(committed.keySet());
        try {
            return read(committed);
        } finally {
            consumer.assign(Set.of());   // a read that failed half-way leaves no pause behind for the next one
        }
    }

    private Found read(Map<TopicPartition, Long> committed) {
        committed.forEach(consumer::seek);
        Map<TopicPartition, Long> ends = consumer.endOffsets(committed.keySet(), timeout);
        var pending = new HashSet<TopicPartition>();
        committed.forEach((partition, offset) -> {
            if (offset < ends.getOrDefault(partition, 0L)) {
                pending.add(partition);
            }
        });
        consumer.pause(difference(committed.keySet(), pending));
        var found = new HashMap<TopicPartition, Instant>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            for (TopicPartition partition : records.partitions()) {
                if (pending.remove(partition)) {
                    ConsumerRecord<byte[], byte[]> first = records.records(partition).get(0);
                    found.put(partition, Instant.ofEpochMilli(first.timestamp()));
                    consumer.pause(Set.of(partition));
                }
            }
            // read to the last stable offset with no record: only markers or aborted records were left
            pending.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
        }
        return new Found(found, Set.copyOf(pending));
    }

    private static Set<TopicPartition> difference(Set<TopicPartition> all, Set<TopicPartition> some) {
        var rest = new HashSet<>(all);
        rest.removeAll(some);
        return rest;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    /**
     * @param timestamps the first waiting data record's timestamp per partition
     * @param unread     partitions the read did not finish within the timeout: unknown, not idle
     */
    public record Found(Map<TopicPartition, Instant> timestamps, Set<TopicPartition> unread) {
        public Found {
            timestamps = Map.copyOf(timestamps);
            unread = Set.copyOf(unread);
        }
    }
}
