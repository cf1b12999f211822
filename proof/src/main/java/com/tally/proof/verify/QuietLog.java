package com.tally.proof.verify;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
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
 * reach those ends), for every group named. Offsets are never assumed contiguous: transaction
 * markers take offsets too.
 */
public final class QuietLog {

    private final Admin admin;
    private final Consumer<String> progress;

    public QuietLog(Admin admin, Consumer<String> progress) {
        this.admin = admin;
        this.progress = progress;
    }

    /**
     * @param topicsRead  no transaction may be open on any of these
     * @param groupInputs each consumer group (stream app) with the topics it must have consumed up to their committed ends
     */
    public void await(Collection<String> topicsRead, Map<String, ? extends Collection<String>> groupInputs, Duration timeout)
            throws Exception {
        var topics = new LinkedHashSet<>(topicsRead);
        groupInputs.values().forEach(topics::addAll);
        long deadline = System.nanoTime() + timeout.toNanos();
        String waitingFor = "";
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> committed = ends(topics, IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> written = ends(topics, IsolationLevel.READ_UNCOMMITTED);
            long open = committed.keySet().stream().filter(p -> topicsRead.contains(p.topic()) && !committed.get(p).equals(written.get(p))).count();
            var behind = new TreeMap<String, Long>();
            for (var group : groupInputs.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> consumed = admin.listConsumerGroupOffsets(group.getKey())
                        .partitionsToOffsetAndMetadata().get();
                behind.put(group.getKey(), committed.entrySet().stream().filter(e -> group.getValue().contains(e.getKey().topic()))
                        .mapToLong(e -> Math.max(0, e.getValue() - offset(consumed.get(e.getKey())))).sum());
            }
            if (open == 0 && behind.values().stream().allMatch(b -> b == 0)) {
                return;
            }
            String now = open + " partitions with an open transaction" + behind.entrySet().stream()
                    .map(b -> ", " + b.getKey() + " " + b.getValue() + " records behind").collect(Collectors.joining());
            if (!now.equals(waitingFor)) {
                progress.accept("waiting: " + now);
                waitingFor = now;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the log did not settle within " + timeout + " (" + waitingFor
                + "): are " + groupInputs.keySet() + " running? Verify again once they have caught up");
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
