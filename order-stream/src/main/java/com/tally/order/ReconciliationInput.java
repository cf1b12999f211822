package com.tally.order;

import com.tally.schemas.SettlementRecord;
import com.tally.schemas.WebhookReceived;

/** What the reconciliation processor reads, keyed by provider: a payment fact Tally recorded, or a row of a processor's report. */
sealed interface ReconciliationInput {

    void feed(Reconcile reconcile, long timestamp);

    record TallyFact(WebhookReceived hook) implements ReconciliationInput {
        @Override
        public void feed(Reconcile reconcile, long timestamp) {
            reconcile.record(hook);
        }
    }

    record ProcessorRow(SettlementRecord row) implements ReconciliationInput {
        @Override
        public void feed(Reconcile reconcile, long timestamp) {
            reconcile.add(row, timestamp);
        }
    }
}
