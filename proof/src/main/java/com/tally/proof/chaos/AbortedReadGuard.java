package com.tally.proof.chaos;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.testing.CommittedLog;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A read_committed consumer that reads the stream app's output topics while the crashes happen,
 * remembering every record it was given. Afterwards each one must still be in the committed log:
 * a record from a transaction that was later aborted would be missing there, so any such record
 * means a reader saw data that never happened.
 */
final class AbortedReadGuard implements AutoCloseable {

    private final KafkaConfig kafka;
    private final List<String> topics;
    private final Set<String> seen = new HashSet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;

    AbortedReadGuard(KafkaConfig kafka, List<String> topics) {
        this.kafka = kafka;
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(KafkaDefaults.consumer(kafka, "aborted-read-guard-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::read, "aborted-read-guard");
        consumer.subscribe(topics);
        reader.start();
    }

    private void read() {
        try {
            while (running.get()) {
                try {
                    for (var record : consumer.poll(Duration.ofMillis(200))) {
                        synchronized (seen) {
                            seen.add(record.topic() + "/" + record.partition() + "@" + record.offset());
                        }
                    }
                } catch (WakeupException stopping) {
                    // close() woke it up: the loop ends
                } catch (KafkaException brokerDown) {
                    // the broker restart may outlast a poll; keep reading once it is back
                }
            }
        } finally {
            consumer.close();
        }
    }

    /** Records the guard read that are not in the committed log now: each is a read of aborted data. */
    List<String> recordsNotCommitted() {
        Set<String> committed = new HashSet<>();
        for (String topic : topics) {
            CommittedLog.of(kafka, topic).forEach(r -> committed.add(r.topic() + "/" + r.partition() + "@" + r.offset()));
        }
        synchronized (seen) {
            return seen.stream().filter(position -> !committed.contains(position)).sorted().toList();
        }
    }

    int seenCount() {
        synchronized (seen) {
            return seen.size();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!running.getAndSet(false)) {
            return;
        }
        consumer.wakeup();
        reader.join(10_000);
    }
}
