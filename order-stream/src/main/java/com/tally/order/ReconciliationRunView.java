package com.tally.order;

import com.tally.order.ReconciliationRun.Discrepancy;
import com.tally.order.ReconciliationRun.Total;
import com.tally.order.ReconciliationRules.Figures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /reconciliation/runs/{reportId}}: the run as stored, with its match rate, as JSON or
 * as CSV ({@code ?format=csv}: one header, a {@code total} row per class and currency, then a
 * {@code discrepancy} row per difference with both sides' figures).
 *
 * @param matchRate MATCHED transactions over all compared ones (IGNORED rows are not compared); null before the run or when nothing was compared
 */
record ReconciliationRunView(String reportId, String provider, Instant periodStart, Instant periodEnd, int rowsInReport, int rowsSeen,
                             boolean reconciled, Instant evaluatedAt, Double matchRate, Map<ReconciliationClass, Map<String, Total>> totals,
                             List<Discrepancy> discrepancies) {

    static final String CSV_HEADER = "record,class,currency,count,amountMinor,transactionId,orderId,processorChargeMinor,processorCurrency,"
            + "processorRefunded,processorDisputed,tallyChargeMinor,tallyCurrency,tallyRefunded,tallyDisputed,action";

    static ReconciliationRunView of(ReconciliationRun run) {
        long compared = 0;
        long matched = 0;
        for (var byClass : run.totals().entrySet()) {
            long count = byClass.getValue().values().stream().mapToLong(Total::count).sum();
            if (byClass.getKey() != ReconciliationClass.IGNORED) {
                compared += count;
            }
            if (byClass.getKey() == ReconciliationClass.MATCHED) {
                matched += count;
            }
        }
        Double rate = run.evaluated() && compared > 0 ? (double) matched / compared : null;
        return new ReconciliationRunView(run.reportId(), run.provider(), run.periodStart(), run.periodEnd(), run.rowsInReport(), run.rowsSeen(),
                run.evaluated(), run.evaluatedAt(), rate, run.totals(), run.discrepancies());
    }

    String csv() {
        var lines = new ArrayList<String>();
        lines.add(CSV_HEADER);
        for (ReconciliationClass klass : ReconciliationClass.values()) {
            totals.getOrDefault(klass, Map.of()).forEach((currency, total) -> lines.add(String.join(",", "total", klass.name(), cell(currency),
                    String.valueOf(total.count()), String.valueOf(total.amountMinor()), "", "", "", "", "", "", "", "", "", "", "")));
        }
        for (Discrepancy d : discrepancies) {
            lines.add(String.join(",", "discrepancy", d.klass().name(), "", "", "", cell(d.transactionId()), cell(d.orderId()),
                    figures(d.processor()), figures(d.tally()), cell(d.action())));
        }
        return String.join("\r\n", lines) + "\r\n";
    }

    private static String figures(Figures f) {
        return String.join(",", f.chargeMinor() == null ? "" : f.chargeMinor().toString(), cell(f.currency()),
                String.valueOf(f.refunded()), String.valueOf(f.disputed()));
    }

    /** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled; a leading formula sign is defused for spreadsheets. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
