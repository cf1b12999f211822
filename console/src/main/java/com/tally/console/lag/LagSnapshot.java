package com.tally.console.lag;

import java.time.Instant;
import java.util.List;

/**
 * Every group's lag and status at one sampling.
 *
 * @param problem why the latest sampling failed, with what to do; null when it did not. The groups are then
 *                those of the last sampling that worked.
 */
public record LagSnapshot(Instant at, List<Group> groups, String problem) {

    public LagSnapshot {
        groups = List.copyOf(groups);
    }

    static LagSnapshot none(Instant at) {
        return new LagSnapshot(at, List.of(), null);
    }

    LagSnapshot failed(String why) {
        return new LagSnapshot(at, groups, why);
    }

    /**
     * @param members     members with partitions assigned
     * @param totalLag    the sum of the partitions' offset lag (a missing lag counts 0)
     * @param lagSeconds  the age of the oldest record the group has yet to consume, over its partitions; 0 when caught up
     */
    public record Group(String group, String state, int members, GroupStatus status, GroupStatus.Severity severity, long totalLag,
                        double lagSeconds, List<Partition> partitions) {

        public Group {
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * One partition as {@code kafka-consumer-groups.sh --describe} shows it, with its lag in time and its status.
     *
     * @param lagSeconds the age of the first data record at or after the committed offset; 0 when none waits; null
     *                   when it could not be read in time or the group committed nothing here
     */
    public record Partition(String topic, int partition, Long committedOffset, Long logEndOffset, Long lag, String consumerId,
                            boolean internal, Double lagSeconds, PartitionStatus status) {
    }
}
