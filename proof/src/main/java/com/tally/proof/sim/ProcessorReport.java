package com.tally.proof.sim;

import com.tally.proof.reconcile.StripeReportValues;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the simulated processor would export as Stripe's itemized payout reconciliation report
 * ({@code payout_reconciliation.itemized}) for a simulation: a {@code charge} row for every
 * successful charge of its stories (those whose webhooks were dropped too: the processor took the
 * money all the same) and a {@code refund} row for every refund it made. Row IDs are derived from
 * the transaction or refund ID, so the same record always gives the same report, and uploading it
 * twice is the same report twice.
 */
public final class ProcessorReport {

    public static final List<String> COLUMNS = List.of("balance_transaction_id", "created_utc", "currency", "gross", "fee", "net",
            "reporting_category", "source_id", "payment_intent_id", "payment_metadata[order_id]");

    /** A refund the processor made that the record does not hold (one Tally asked for, such as a compensation). */
    public record Refund(String refundId, String paymentIntent, String orderId, long amountMinor, String currency, Instant createdAt) {
    }

    /** One line of the report. */
    public record Row(String balanceTransactionId, Instant created, String currency, long grossMinor, String category, String sourceId,
                      String paymentIntent, String orderId) {
    }

    private ProcessorReport() {
    }

    /**
     * The rows for a record: charges stamped when the charge's webhook was answered, or, for a
     * charge whose webhook never got through, when its order was placed (about when the processor
     * charged); the stories' own refunds when their webhook was answered. {@code fallback} stamps
     * what an older record has no time for.
     */
    public static List<Row> rows(SimulationRecord.Run run, List<Refund> processorRefunds, Instant fallback) {
        var answeredAt = new HashMap<String, Instant>();
        var placedAt = new HashMap<String, Instant>();
        for (var d : run.deliveries()) {
            if (d.forged() || !d.accepted()) {
                continue;
            }
            Instant at = d.at() != null ? d.at() : fallback;
            if (d.kind().equals("placement")) {
                placedAt.putIfAbsent(d.orderId(), at);
            } else {
                answeredAt.merge(d.type() + "/" + d.transactionId(), at, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        var rows = new ArrayList<Row>();
        for (var order : run.orders()) {
            Instant placed = placedAt.getOrDefault(order.orderId(), fallback);
            for (var charge : order.charges()) {
                if (!charge.succeeds()) {
                    continue;
                }
                String txn = charge.transactionId();
                rows.add(new Row("txn_" + txn, answeredAt.getOrDefault("payment_intent.succeeded/" + txn, placed), order.currency(),
                        order.amount(), "charge", "ch_" + txn, txn, order.orderId()));
            }
            var refundedCharge = order.charges().stream().filter(Story.Charge::succeeds).findFirst();
            if (order.refunded() && refundedCharge.isPresent()) {
                // the simulator refunds the first successful charge, once its charge's webhook got through, with the refund
                // ID its charge.refunded webhook names
                String txn = refundedCharge.get().transactionId();
                Instant refundedAt = answeredAt.get("charge.refunded/" + txn);
                if (refundedAt != null) {
                    rows.add(new Row("txn_re_" + txn, refundedAt, order.currency(), -order.amount(), "refund", "re_" + txn, txn,
                            order.orderId()));
                }
            }
        }
        for (var refund : processorRefunds) {
            // the processor names currencies as Stripe does, in lower case
            rows.add(new Row("txn_" + refund.refundId(), refund.createdAt(), refund.currency().toUpperCase(Locale.ROOT),
                    -refund.amountMinor(), "refund",
                    refund.refundId(), refund.paymentIntent(), refund.orderId()));
        }
        rows.sort(Comparator.comparing(Row::created).thenComparing(Row::balanceTransactionId));
        return rows;
    }

    /** The report as CSV, as Stripe exports it: amounts in major units by the currency's exponent, a refund's gross negative. */
    public static void write(List<Row> rows, Writer out) throws IOException {
        out.write(String.join(",", COLUMNS.stream().map(ProcessorReport::cell).toList()));
        out.write("\r\n");
        for (Row row : rows) {
            String gross = major(row.grossMinor(), row.currency());
            out.write(String.join(",", List.of(row.balanceTransactionId(), StripeReportValues.TIME.format(row.created()),
                    row.currency().toLowerCase(Locale.ROOT), gross, major(0, row.currency()), gross, row.category(), row.sourceId(),
                    row.paymentIntent(), row.orderId() == null ? "" : row.orderId()).stream().map(ProcessorReport::cell).toList()));
            out.write("\r\n");
        }
    }

    /** Counts per category, for the command to print. */
    public static Map<String, Long> countsByCategory(List<Row> rows) {
        var counts = new HashMap<String, Long>();
        rows.forEach(r -> counts.merge(r.category(), 1L, Long::sum));
        return counts;
    }

    private static String major(long minor, String currency) {
        return StripeReportValues.major(minor, Currency.getInstance(currency));
    }

    /** RFC 4180: a value with a comma, quote or line break is quoted, its quotes doubled (the header's brackets need none). */
    private static String cell(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
