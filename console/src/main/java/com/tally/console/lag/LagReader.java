package com.tally.console.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every consumer group on the cluster, Kafka Streams applications included, with the same
 * Admin calls and the same arithmetic as {@code kafka-consumer-groups.sh --describe}: the groups
 * of the classic and the consumer protocol; per partition the committed offset, the high
 * watermark (read_uncommitted, so a transaction's commit marker counts) and their difference.
 * Rows are the partitions assigned to a member, then those the group committed that no member has.
 */
public final class LagReader {

    private final Admin admin;
    private final Duration timeout;

    public LagReader(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Every group, by group ID. */
    public List<GroupLag> readAll() throws InterruptedException {
        List<String> groups = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()).stream()
                .map(GroupListing::groupId).sorted().toList();
        return read(groups);
    }

    /** The groups named; one that does not exist comes back DEAD with no partitions, as the coordinator describes it. */
    public List<GroupLag> read(List<String> groups) throws InterruptedException {
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<String, ConsumerGroupDescription> descriptions = get(admin.describeConsumerGroups(groups).all());
        var specs = new HashMap<String, ListConsumerGroupOffsetsSpec>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        var offsets = admin.listConsumerGroupOffsets(specs);
        var committedByGroup = new HashMap<String, Map<TopicPartition, OffsetAndMetadata>>();
        for (String group : groups) {
            committedByGroup.put(group, get(offsets.partitionsToOffsetAndMetadata(group)));
        }
        var everyPartition = new HashSet<TopicPartition>();
        for (String group : groups) {
            everyPartition.addAll(assignments(descriptions.get(group)).keySet());
            everyPartition.addAll(committedByGroup.get(group).keySet());
        }
        Map<TopicPartition, Long> logEnds = logEndOffsets(everyPartition);
        var read = new ArrayList<GroupLag>(groups.size());
        for (String group : groups) {
            read.add(group(group, descriptions.get(group), committedByGroup.get(group), logEnds));
        }
        return read;
    }

    private static GroupLag group(String group, ConsumerGroupDescription description, Map<TopicPartition, OffsetAndMetadata> committed,
                                  Map<TopicPartition, Long> logEnds) {
        Map<TopicPartition, String> assigned = assignments(description);
        var partitions = new HashSet<TopicPartition>(assigned.keySet());
        partitions.addAll(committed.keySet());
        var rows = new ArrayList<PartitionLag>(partitions.size());
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            Long committedOffset = offset == null ? null : offset.offset();
            Long logEnd = logEnds.get(partition);
            Long lag = committedOffset == null || logEnd == null ? null : logEnd - committedOffset;
            rows.add(new PartitionLag(partition.topic(), partition.partition(), committedOffset, logEnd, lag, assigned.get(partition),
                    PartitionLag.internalTo(group, partition.topic())));
        }
        rows.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        int members = (int) description.members().stream().filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
        return new GroupLag(group, description.groupState().name(), members, rows);
    }

    private static Map<TopicPartition, String> assignments(ConsumerGroupDescription description) {
        var assigned = new HashMap<TopicPartition, String>();
        for (MemberDescription member : description.members()) {
            member.assignment().topicPartitions().forEach(partition -> assigned.put(partition, member.consumerId()));
        }
        return assigned;
    }

    /** The high watermark of each partition; a partition whose offset cannot be read (no leader) is left out, as the tool shows "-". */
    private Map<TopicPartition, Long> logEndOffsets(Set<TopicPartition> partitions) throws InterruptedException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        var latest = new HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        ListOffsetsResult result = admin.listOffsets(latest);
        var ends = new HashMap<TopicPartition, Long>();
        for (TopicPartition partition : partitions) {
            try {
                ends.put(partition, result.partitionResult(partition).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset());
            } catch (ExecutionException | TimeoutException unreadable) {
                // shown without an end and a lag, like the tool's "-"
            }
        }
        return ends;
    }

    private <T> T get(KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new LagUnreadable("Kafka did not answer the console's lag query: " + e.getCause().getMessage()
                    + ". Check that the cluster is reachable and the console's principal may describe groups and topics", e.getCause());
        } catch (TimeoutException e) {
            throw new LagUnreadable("Kafka did not answer the console's lag query within " + timeout
                    + ". Check that the cluster is reachable (TALLY_BOOTSTRAP_SERVERS)", e);
        }
    }

    /** The cluster could not be asked: the console shows the last reading it has and says why. */
    public static final class LagUnreadable extends RuntimeException {
        LagUnreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
