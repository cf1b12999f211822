package com.tally.order;

import com.tally.order.ReconciliationRules.Classified;
import com.tally.order.ReconciliationRules.Figures;
import com.tally.schemas.SettlementRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reconciliation of one report, as {@code GET /reconciliation/runs/{reportId}} will serve it:
 * how many of its rows arrived, and once all did, the count and amount per class and currency
 * and every difference with both sides' figures. Stored as JSON in {@link StoreNames#RECONCILIATION_RUNS}.
 *
 * @param evaluatedAt null until the report is whole and was reconciled
 */
record ReconciliationRun(String reportId, String provider, Instant periodStart, Instant periodEnd, int rowsInReport, int rowsSeen,
                         Instant evaluatedAt, Map<ReconciliationClass, Map<String, Total>> totals, List<Discrepancy> discrepancies) {

    ReconciliationRun {
        totals = totals == null ? Map.of() : Map.copyOf(totals);
        discrepancies = discrepancies == null ? List.of() : List.copyOf(discrepancies);
    }

    /** How many transactions (rows, for IGNORED) of a class in one currency, and their amount in minor units. */
    record Total(long count, long amountMinor) {
    }

    /** One difference: both sides, and what reconciliation did about it (healed, or which alert it raised). */
    record Discrepancy(ReconciliationClass klass, String transactionId, String orderId, Figures processor, Figures tally, String action) {
    }

    static ReconciliationRun started(SettlementRecord row) {
        return new ReconciliationRun(row.getReportId(), row.getProvider(), row.getPeriodStart(), row.getPeriodEnd(), row.getRowsInReport(),
                0, null, Map.of(), List.of());
    }

    ReconciliationRules.Period period() {
        return new ReconciliationRules.Period(periodStart, periodEnd);
    }

    ReconciliationRun withRowSeen() {
        return new ReconciliationRun(reportId, provider, periodStart, periodEnd, rowsInReport, rowsSeen + 1, evaluatedAt, totals, discrepancies);
    }

    /** Whole: as many distinct rows seen as the report says it has. */
    boolean whole() {
        return rowsInReport > 0 && rowsSeen >= rowsInReport;
    }

    boolean evaluated() {
        return evaluatedAt != null;
    }

    /** Collects the classified transactions of one evaluation, then makes the run once (a report may have a million rows). */
    static final class Tallying {

        private final Map<ReconciliationClass, Map<String, long[]>> sums = new EnumMap<>(ReconciliationClass.class);
        private final List<Discrepancy> discrepancies = new ArrayList<>();

        void add(Classified c, String action) {
            long[] sum = sums.computeIfAbsent(c.klass(), k -> new TreeMap<>()).computeIfAbsent(String.valueOf(c.currency()), k -> new long[2]);
            sum[0]++;
            sum[1] += c.amountMinor();
            if (c.klass() != ReconciliationClass.MATCHED && c.klass() != ReconciliationClass.IGNORED) {
                discrepancies.add(new Discrepancy(c.klass(), c.transactionId(), c.orderId(), c.processor(), c.tally(), action));
            }
        }

        ReconciliationRun into(ReconciliationRun run, Instant at) {
            var totals = new EnumMap<ReconciliationClass, Map<String, Total>>(ReconciliationClass.class);
            sums.forEach((klass, byCurrency) -> {
                var inCurrency = new TreeMap<String, Total>();
                byCurrency.forEach((currency, sum) -> inCurrency.put(currency, new Total(sum[0], sum[1])));
                totals.put(klass, inCurrency);
            });
            return new ReconciliationRun(run.reportId, run.provider, run.periodStart, run.periodEnd, run.rowsInReport, run.rowsSeen, at,
                    totals, discrepancies);
        }
    }
}
