package com.tally.console.lag;

import java.util.List;

/**
 * One consumer group (a Kafka Streams application is one too) with its partitions.
 *
 * @param state   the coordinator's group state (STABLE, EMPTY, PREPARING_REBALANCE …)
 * @param members members with partitions assigned
 */
public record GroupLag(String group, String state, int members, List<PartitionLag> partitions) {

    public GroupLag {
        partitions = List.copyOf(partitions);
    }
}
