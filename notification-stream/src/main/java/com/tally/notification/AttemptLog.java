package com.tally.notification;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Appends a send's ATTEMPTED result in a Kafka transaction apart from the dispatch loop's and
 * returns once it is committed: only then may the e-mail go out, so a send the dispatcher dies in
 * is always on the topic. Sends that start together share one transaction ({@link GroupCommit}).
 * Its transactional ID is the dispatch loop's with {@code -attempts}: with an instance ID, a
 * restarted instance fences its predecessor's producer and aborts what it left open. One
 * transaction at a time; a producer that fails is replaced on the next append.
 */
final class AttemptLog implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** The longest one call to Kafka may block; an append makes at most three (send, commit and, the first time, init). */
    static final Duration KAFKA_WAIT = Duration.ofSeconds(10);

    private final KafkaConfig kafka;
    private final String transactionalId;
    private final AvroSerde<NotificationResult> results = AvroSerde.of(NotificationResult.class);
    private final GroupCommit<NotificationResult> group = new GroupCommit<>(this::commit);
    private KafkaProducer<byte[], byte[]> producer;
    private boolean closed;

    AttemptLog(KafkaConfig kafka, String transactionalId) {
        this.kafka = kafka;
        this.transactionalId = transactionalId;
    }

    /** Fences the producer an earlier run of this instance left, aborting its open transaction. */
    synchronized void open() {
        if (closed) {
            throw new IllegalStateException("the dispatcher is stopping: its attempts are not recorded any more");
        }
        producer();
    }

    /** Appends and commits the ATTEMPTED record, with those of the sends starting meanwhile; throws when Kafka did not take it. */
    void append(NotificationResult attempted) {
        group.append(attempted);
    }

    private synchronized void commit(List<NotificationResult> attempts) {
        if (closed) {
            throw new IllegalStateException("the dispatcher is stopping: no further send starts");
        }
        KafkaProducer<byte[], byte[]> current = producer();
        try {
            current.beginTransaction();
            for (NotificationResult attempted : attempts) {
                current.send(new ProducerRecord<>(Topics.NOTIFICATION_RESULTS, attempted.getOrderId().getBytes(StandardCharsets.UTF_8),
                        results.encode(attempted)));
            }
            current.commitTransaction();
        } catch (RuntimeException e) {
            // aborting may fail too (fenced, fatal): a new producer with this ID aborts whatever is left open
            close(current);
            producer = null;
            throw e;
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            var props = KafkaDefaults.transactionalProducer(kafka, transactionalId + "-producer", transactionalId);
            // an append waits for Kafka no longer than the dispatcher allows a send to wait for its record
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(KAFKA_WAIT.toMillis()));
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(KAFKA_WAIT.toMillis()));
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(KAFKA_WAIT.multipliedBy(2).toMillis()));
            var created = new KafkaProducer<byte[], byte[]>(props);
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                close(created);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            close(producer);
            producer = null;
        }
    }

    private static void close(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            // closing is best effort: an open transaction is aborted by the next producer with this ID, or at its timeout
        }
    }
}
