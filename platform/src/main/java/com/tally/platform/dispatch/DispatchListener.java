package com.tally.platform.dispatch;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Told by a {@link DispatchLoop}, on its own thread, which partitions it starts and stops reading
 * and which inputs it committed: for a dispatcher that keeps what it knows per partition (the
 * e-mail dispatcher's earlier attempts). No batch is in flight when any of these runs.
 */
public interface DispatchListener {

    DispatchListener NONE = new DispatchListener() { };

    /**
     * Before any record of {@code partitions} is handled. It may take its time (reading what earlier
     * owners left); a throw fails the poll, and the loop recovers as from any failure.
     */
    default void assigned(Collection<TopicPartition> partitions) {
    }

    /** The loop no longer reads {@code partitions} (revoked, lost, or its clients closed). */
    default void revoked(Collection<TopicPartition> partitions) {
    }

    /** The outcomes of {@code inputs} are committed with their offsets: they will not be handled again. */
    default void committed(List<ConsumerRecord<byte[], byte[]>> inputs) {
    }
}
