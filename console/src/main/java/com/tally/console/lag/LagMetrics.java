package com.tally.console.lag;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * The lag as Prometheus gauges, under the names the usual exporters and their dashboards use:
 * {@code kafka_consumergroup_lag} and {@code kafka_consumergroup_current_offset} per group, topic
 * and partition, plus {@code kafka_consumergroup_lag_seconds} (measured, per partition) and
 * {@code kafka_consumergroup_status} per group (its {@link GroupStatus} as a number: 0 OK, 1 WARN,
 * 2 STALL, 3 STOP, 4 REWIND, 5 STOPPED). A group or partition that goes away leaves the gauges.
 */
public final class LagMetrics {

    private final MultiGauge lag;
    private final MultiGauge currentOffset;
    private final MultiGauge lagSeconds;
    private final MultiGauge status;

    public LagMetrics(MeterRegistry registry) {
        this.lag = MultiGauge.builder("kafka.consumergroup.lag").description("log-end offset minus committed offset").register(registry);
        this.currentOffset = MultiGauge.builder("kafka.consumergroup.current.offset").description("the group's committed offset")
                .register(registry);
        this.lagSeconds = MultiGauge.builder("kafka.consumergroup.lag.seconds")
                .description("age of the oldest record the group has yet to consume; 0 when caught up").register(registry);
        this.status = MultiGauge.builder("kafka.consumergroup.status")
                .description("0 OK, 1 WARN, 2 STALL, 3 STOP, 4 REWIND, 5 STOPPED (docs/LAG.md)").register(registry);
    }

    public void update(LagSnapshot snapshot) {
        var lags = new ArrayList<MultiGauge.Row<?>>();
        var offsets = new ArrayList<MultiGauge.Row<?>>();
        var seconds = new ArrayList<MultiGauge.Row<?>>();
        var statuses = new ArrayList<MultiGauge.Row<?>>();
        for (LagSnapshot.Group group : snapshot.groups()) {
            statuses.add(MultiGauge.Row.of(Tags.of("consumergroup", group.group()), group.status().ordinal()));
            for (LagSnapshot.Partition partition : group.partitions()) {
                Tags tags = Tags.of("consumergroup", group.group(), "topic", partition.topic(), "partition",
                        String.valueOf(partition.partition()));
                if (partition.lag() != null) {
                    lags.add(MultiGauge.Row.of(tags, partition.lag()));
                }
                if (partition.committedOffset() != null) {
                    offsets.add(MultiGauge.Row.of(tags, partition.committedOffset()));
                }
                if (partition.lagSeconds() != null) {
                    seconds.add(MultiGauge.Row.of(tags, partition.lagSeconds()));
                }
            }
        }
        lag.register(rows(lags), true);
        currentOffset.register(rows(offsets), true);
        lagSeconds.register(rows(seconds), true);
        status.register(rows(statuses), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<MultiGauge.Row<?>> rows) {
        return List.copyOf(rows);
    }
}
