package com.tally.sandbox.verify;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the log is quiet enough to verify, as Kafka's own exactly-once verifier does: no
 * transaction is open on any partition read (its read_committed end equals its read_uncommitted
 * end), and the stream app has consumed every committed input (its group's committed offsets
 * reach those ends). Offsets are never assumed contiguous: transaction markers take offsets too.
 */
public final class QuietLog {

    private final Admin admin;
    private final Consumer<String> progress;

    public QuietLog(Admin admin, Consumer<String> progress) {
        this.admin = admin;
        this.progress = progress;
    }

    public void await(Collection<String> topicsRead, String group, Collection<String> groupInputs, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String waitingFor = "";
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> committed = ends(topicsRead, IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> written = ends(topicsRead, IsolationLevel.READ_UNCOMMITTED);
            long open = committed.keySet().stream().filter(p -> !committed.get(p).equals(written.get(p))).count();
            Map<TopicPartition, OffsetAndMetadata> consumed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long behind = committed.entrySet().stream().filter(e -> groupInputs.contains(e.getKey().topic()))
                    .mapToLong(e -> Math.max(0, e.getValue() - offset(consumed.get(e.getKey())))).sum();
            if (open == 0 && behind == 0) {
                return;
            }
            String now = open + " partitions with an open transaction, " + group + " " + behind + " records behind";
            if (!now.equals(waitingFor)) {
                progress.accept("waiting: " + now);
                waitingFor = now;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the log did not settle within " + timeout + " (" + waitingFor
                + "): is " + group + " running? Verify again once it has caught up");
    }

    private static long offset(OffsetAndMetadata consumed) {
        return consumed == null ? 0 : consumed.offset();
    }

    private Map<TopicPartition, Long> ends(Collection<String> topics, IsolationLevel isolation) throws Exception {
        var specs = new HashMap<TopicPartition, OffsetSpec>();
        for (var description : admin.describeTopics(List.copyOf(topics)).allTopicNames().get().values()) {
            description.partitions().forEach(p -> specs.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        var ends = new HashMap<TopicPartition, Long>();
        admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all().get().forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }
}
