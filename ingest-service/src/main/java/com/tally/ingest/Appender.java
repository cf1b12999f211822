package com.tally.ingest;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Where ingest writes what it accepts, and how it learns that the write is durable. In service
 * this is {@link KafkaAppender}; the intake's rules are unit-tested against an in-memory one, so
 * they need no broker.
 */
interface Appender {

    /**
     * @return completes once the record is durably appended; fails with {@link AppendRefused}
     *         when the append was not even tried, or with the cause when it was not acknowledged
     *         in time
     */
    CompletableFuture<RecordMetadata> append(String topic, String key, byte[] value);

    /** True once ingest is stopping: a new webhook is then answered 503 without being checked. */
    boolean draining();
}
