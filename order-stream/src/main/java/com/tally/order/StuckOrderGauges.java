package com.tally.order;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The gauges of paid orders nobody fulfils: {@code tally_orders_stuck} and
 * {@code tally_orders_oldest_unfulfilled_age_seconds}. Each instance reads its own partitions at
 * every scrape, so across instances the first sums and the second is the maximum. While the
 * instance rebalances they are NaN: its share is unknown, and 0 would say "all is well".
 */
final class StuckOrderGauges {

    private StuckOrderGauges() {
    }

    static void bindTo(MeterRegistry registry, OrderQueries queries, Clock clock) {
        Gauge.builder("tally.orders.stuck", queries, read(summary -> summary.stuck()))
                .description("Paid orders raised as order-stuck that have not moved on yet, in this instance's partitions")
                .strongReference(true)
                .register(registry);
        Gauge.builder("tally.orders.oldest.unfulfilled.age", queries, read(summary -> summary.oldestSince() == null ? 0
                        : Duration.between(summary.oldestSince(), clock.instant()).toMillis() / 1000.0))
                .description("How long the oldest paid order the warehouse has not accepted yet has waited, in this instance's"
                        + " partitions (0: none waits)")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    private static ToDoubleFunction<OrderQueries> read(ToDoubleFunction<AwaitingFulfillment.Summary> figure) {
        return queries -> {
            try {
                return figure.applyAsDouble(queries.unfulfilledLocal());
            } catch (InvalidStateStoreException rebalancing) {
                return Double.NaN;
            }
        };
    }
}
