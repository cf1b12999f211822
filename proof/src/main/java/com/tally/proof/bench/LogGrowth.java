package com.tally.proof.bench;

import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * How many offsets all of the application's topics hold (shared topics, changelogs, repartition
 * topics, dead letters; not Kafka's internal ones): the difference over a run is what the
 * pipeline wrote. Transaction markers take offsets too, so under exactly-once it counts a little
 * more than records.
 */
final class LogGrowth {

    private LogGrowth() {
    }

    static long offsets(Admin admin) throws Exception {
        var names = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get().stream()
                .filter(name -> !name.startsWith("bench.")).toList();
        var specs = new HashMap<TopicPartition, OffsetSpec>();
        for (var description : admin.describeTopics(List.copyOf(names)).allTopicNames().get().values()) {
            description.partitions().forEach(p -> specs.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        return admin.listOffsets(specs).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }
}
