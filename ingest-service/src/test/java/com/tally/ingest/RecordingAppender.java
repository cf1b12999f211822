package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * An {@link Appender} that keeps every append in memory and leaves its future open until the
 * test acknowledges or fails it, so a test decides when (and whether) "Kafka" answers.
 */
final class RecordingAppender implements Appender {

    /** One append as the intake made it, with the future the intake waits on. */
    record Append(String topic, String key, byte[] value, CompletableFuture<RecordMetadata> acked) {

        void ack() {
            acked.complete(new RecordMetadata(new TopicPartition(topic, 0), 0, 0, 0, key.length(), value.length));
        }

        void fail(Throwable error) {
            acked.completeExceptionally(error);
        }
    }

    private final List<Append> appends = new CopyOnWriteArrayList<>();
    private volatile boolean draining;

    @Override
    public CompletableFuture<RecordMetadata> append(String topic, String key, byte[] value) {
        var append = new Append(topic, key, value, new CompletableFuture<>());
        appends.add(append);
        return append.acked();
    }

    @Override
    public boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }

    /** How many records were appended to each topic; a topic with none is absent. */
    Map<String, Long> countsByTopic() {
        return appends.stream().collect(Collectors.groupingBy(Append::topic, Collectors.counting()));
    }

    /** Every append to {@code topic}, in the order they were made. */
    List<Append> appendsOn(String topic) {
        return appends.stream().filter(a -> a.topic().equals(topic)).toList();
    }

    /** The one append to {@code topic}; fails the test unless there is exactly one. */
    Append onlyOn(String topic) {
        var on = appendsOn(topic);
        assertEquals(1, on.size(), "appends to " + topic);
        return on.get(0);
    }
}
