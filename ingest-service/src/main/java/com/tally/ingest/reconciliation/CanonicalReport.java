package com.tally.ingest.reconciliation;

import com.tally.schemas.PaymentKind;
import java.util.Currency;
import java.util.List;

/**
 * Tally's own report format, for any processor but Stripe: one row per charge, refund or
 * dispute (any other category is kept and ignored), written by whoever exports the processor's
 * records. Documented column by column in docs/RECONCILIATION.md.
 */
final class CanonicalReport implements ReportFormat {

    static final String ROW_ID = "row_id";
    static final String CREATED = "created_utc";
    static final String TRANSACTION_ID = "transaction_id";
    static final String ORDER_ID = "order_id";
    static final String CATEGORY = "category";
    static final String CURRENCY = "currency";
    static final String AMOUNT = "amount";
    static final String REFUND_ID = "refund_id";

    @Override
    public String name() {
        return "Tally's canonical settlement CSV (docs/RECONCILIATION.md)";
    }

    @Override
    public List<String> requiredColumns() {
        return List.of(ROW_ID, CREATED, TRANSACTION_ID, CATEGORY, CURRENCY, AMOUNT);
    }

    @Override
    public Reading read(RowFields row) {
        String rowId = row.required(ROW_ID, "it is the row's own ID, unique in the processor's records");
        String category = row.required(CATEGORY, "write charge, refund, dispute, or the processor's own word for anything else");
        var settledAt = row.time(CREATED);
        String transactionId = row.required(TRANSACTION_ID, "it is the payment's ID as the processor's webhooks name it");
        Currency currency = row.currency(CURRENCY);
        Long amount = row.minorUnits(AMOUNT, currency);
        if (amount != null && amount < 0) {
            row.problem(AMOUNT + " is negative: write the amount charged, refunded or disputed as a positive number;"
                    + " the category says which way it went");
        }
        PaymentKind kind = category == null ? PaymentKind.UNSUPPORTED : ReportFormat.kindOf(category);
        String refundId = kind == PaymentKind.REFUNDED
                ? row.required(REFUND_ID, "a refund row names its refund, so two partial refunds count twice and one refund once")
                : row.text(REFUND_ID);
        var problems = row.problems();
        if (!problems.isEmpty()) {
            return new Bad(problems);
        }
        return new Good(new ReportRow(rowId, settledAt, transactionId, row.text(ORDER_ID), kind, category,
                currency.getCurrencyCode(), amount, refundId));
    }
}
