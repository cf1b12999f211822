package com.tally.order;

import com.tally.order.ReconciliationRules.Classified;
import com.tally.schemas.Alert;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.SettlementRecord;
import com.tally.schemas.WebhookReceived;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps, per provider, what Tally derived about each transaction and the rows of each report,
 * and reconciles a report once it is whole: every transaction it has is classified against
 * Tally's side as it stands then, and every charge Tally has in the period that the report lacks
 * is looked for. A webhook that arrives before the report is whole covers its row; one that
 * arrives later finds the charge healed and changes nothing. The run, the alerts and the heals
 * commit in one transaction, so a crash neither loses nor repeats a reconciliation.
 */
final class Reconcile implements Processor<String, ReconciliationInput, String, Reconciled> {

    private static final Logger log = LoggerFactory.getLogger(Reconcile.class);
    private static final StringSerializer PREFIX = new StringSerializer();

    private final Duration grace;
    private ProcessorContext<String, Reconciled> context;
    private KeyValueStore<String, TallySide> transactions;
    private KeyValueStore<String, String> chargesByTime;
    private KeyValueStore<String, SettlementRecord> rows;
    private KeyValueStore<String, ReconciliationRun> runs;

    Reconcile(Duration grace) {
        this.grace = grace;
    }

    @Override
    public void init(ProcessorContext<String, Reconciled> context) {
        this.context = context;
        this.transactions = context.getStateStore(StoreNames.TALLY_TRANSACTIONS);
        this.chargesByTime = context.getStateStore(StoreNames.TALLY_CHARGES_BY_TIME);
        this.rows = context.getStateStore(StoreNames.REPORT_ROWS);
        this.runs = context.getStateStore(StoreNames.RECONCILIATION_RUNS);
    }

    static String transactionKey(String provider, String transactionId) {
        return provider + "/" + transactionId;
    }

    /** Fixed width, so the keys of one provider sort by time and a period is one range. */
    static String chargeTimeKey(String provider, Instant at) {
        return provider + "/" + String.format("%019d", Math.max(0, at.toEpochMilli()));
    }

    static String rowKey(SettlementRecord row) {
        return row.getReportId() + "/" + row.getTransactionId() + "/" + row.getRowId();
    }

    @Override
    public void process(Record<String, ReconciliationInput> record) {
        record.value().feed(this, record.timestamp());
    }

    /** A payment fact Tally recorded, folded into its transaction. */
    void record(WebhookReceived hook) {
        String key = transactionKey(hook.getProvider(), hook.getTransactionId());
        TallySide before = transactions.get(key);
        TallySide after = (before == null ? TallySide.none(hook.getProvider(), hook.getTransactionId()) : before).with(hook);
        if (after.equals(before)) {
            return;
        }
        transactions.put(key, after);
        if (after.charged() && (before == null || !before.charged())) {
            chargesByTime.put(chargeTimeKey(hook.getProvider(), after.chargedAt()) + "/" + hook.getTransactionId(), hook.getTransactionId());
        }
    }

    /** A report row, kept once; the row that makes its report whole reconciles it. */
    void add(SettlementRecord row, long timestamp) {
        String key = rowKey(row);
        if (rows.get(key) != null) {
            // the same report uploaded again: its rows are counted once
            log.debug("row {} of report {} already seen", row.getRowId(), row.getReportId());
            return;
        }
        ReconciliationRun run = runs.get(row.getReportId());
        if (run == null) {
            run = ReconciliationRun.started(row);
        }
        if (run.evaluated()) {
            // a producer bug: the report said it had fewer rows. The processing exception handler sends it to the dead letters.
            throw new IllegalArgumentException("report " + row.getReportId() + " said it had " + run.rowsInReport() + " rows and was"
                    + " reconciled, but row " + row.getRowId() + " is new: upload the corrected report under a new report ID");
        }
        rows.put(key, row);
        run = run.withRowSeen();
        if (!run.whole()) {
            runs.put(row.getReportId(), run);
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        var alerts = new ArrayList<Alert>();
        var heals = new ArrayList<WebhookReceived>();
        runs.put(row.getReportId(), evaluate(run, now, alerts, heals));
        context.forward(new Record<>(run.provider(), new Reconciled(alerts, heals), timestamp));
    }

    private ReconciliationRun evaluate(ReconciliationRun run, Instant now, List<Alert> alerts, List<WebhookReceived> heals) {
        var tallying = new ReconciliationRun.Tallying();
        ProcessorSide side = null;
        // the keys sort by transaction, so one transaction's rows come together
        try (var reportRows = rows.prefixScan(run.reportId() + "/", PREFIX)) {
            while (reportRows.hasNext()) {
                SettlementRecord row = reportRows.next().value;
                if (!ProcessorSide.compared(row.getKind())) {
                    tallying.add(ReconciliationRules.ignored(row), "counted, not compared (category " + row.getCategory() + ")");
                    continue;
                }
                if (side != null && !side.transactionId().equals(row.getTransactionId())) {
                    classify(run, side, now, tallying, alerts, heals);
                    side = null;
                }
                side = (side == null ? ProcessorSide.none(row.getProvider(), row.getTransactionId()) : side).with(row);
            }
        }
        if (side != null) {
            classify(run, side, now, tallying, alerts, heals);
        }
        lookForChargesTheReportLacks(run, now, tallying, alerts);
        log.info("report {} of {} reconciled: {} rows, {} alerts, {} heals", run.reportId(), run.provider(), run.rowsSeen(), alerts.size(),
                heals.size());
        return tallying.into(run, now);
    }

    private void classify(ReconciliationRun run, ProcessorSide side, Instant now, ReconciliationRun.Tallying tallying,
                          List<Alert> alerts, List<WebhookReceived> heals) {
        TallySide tally = transactions.get(transactionKey(side.provider(), side.transactionId()));
        Classified classified = ReconciliationRules.classify(side, tally, run.period());
        if (classified.klass() == ReconciliationClass.MATCHED) {
            tallying.add(classified, "none");
        } else if (ReconciliationRules.healable(classified, side)) {
            heals.add(ReconciliationRules.heal(side, run.reportId(), now));
            tallying.add(classified, "heal requested: the charge goes to payments.webhooks if order " + side.orderId() + " is placed");
        } else {
            alerts.add(ReconciliationRules.alert(classified, run.reportId(), now));
            tallying.add(classified, "alert " + classified.klass().alertKind());
        }
    }

    private void lookForChargesTheReportLacks(ReconciliationRun run, Instant now, ReconciliationRun.Tallying tallying, List<Alert> alerts) {
        Instant from = run.periodStart() == null ? Instant.EPOCH : run.periodStart();
        Instant to = run.periodEnd() == null || now.isBefore(run.periodEnd()) ? now : run.periodEnd();
        if (!from.isBefore(to)) {
            return;
        }
        try (var charges = chargesByTime.range(chargeTimeKey(run.provider(), from), chargeTimeKey(run.provider(), to))) {
            while (charges.hasNext()) {
                String transactionId = charges.next().value;
                if (inReport(run.reportId(), transactionId)) {
                    continue;
                }
                TallySide tally = transactions.get(transactionKey(run.provider(), transactionId));
                ReconciliationRules.missingAtProcessor(tally, run.period(), now, grace).ifPresent(missing -> {
                    alerts.add(ReconciliationRules.alert(missing, run.reportId(), now));
                    tallying.add(missing, "alert " + missing.klass().alertKind());
                });
            }
        }
    }

    private boolean inReport(String reportId, String transactionId) {
        try (var any = rows.prefixScan(reportId + "/" + transactionId + "/", PREFIX)) {
            return any.hasNext();
        }
    }
}
