package com.tally.order;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * {@code tally_reconciliation_transactions{class=…}}: how many transactions (rows, for IGNORED)
 * every reconciled report in this instance's partitions put in each class. Read from the runs at
 * every scrape, so a report reconciled again after a crash is not counted twice; across instances
 * the figures sum. NaN while the instance rebalances: its share is unknown.
 */
final class ReconciliationGauges {

    private ReconciliationGauges() {
    }

    static void bindTo(MeterRegistry registry, OrderQueries queries) {
        for (ReconciliationClass klass : ReconciliationClass.values()) {
            Gauge.builder("tally.reconciliation.transactions", queries, q -> {
                        try {
                            return q.reconciledLocal(klass);
                        } catch (InvalidStateStoreException rebalancing) {
                            return Double.NaN;
                        }
                    })
                    .tag("class", klass.name())
                    .description("Transactions of reconciled settlement reports in this class, in this instance's partitions")
                    .strongReference(true)
                    .register(registry);
        }
    }
}
