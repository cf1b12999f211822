package com.tally.ingest.reconciliation;

import com.tally.schemas.PaymentKind;
import java.util.Currency;
import java.util.List;

/**
 * Stripe's itemized payout reconciliation report ({@code payout_reconciliation.itemized.*}), as
 * the Dashboard exports it or the Reporting API runs it. One row is one balance transaction;
 * {@code gross} is the amount in major units, negative for money leaving the balance (refunds,
 * disputes). The transaction ID is the PaymentIntent's, as Tally's Stripe webhooks key a
 * payment, its refunds and its disputes ({@code StripeEventMapper}), so a row meets the
 * webhooks of the same payment.
 */
final class StripeItemizedReport implements ReportFormat {

    static final String ROW_ID = "balance_transaction_id";
    static final String CREATED = "created_utc";
    static final String CURRENCY = "currency";
    static final String GROSS = "gross";
    static final String CATEGORY = "reporting_category";
    static final String SOURCE = "source_id";
    static final String PAYMENT_INTENT = "payment_intent_id";
    /** The order ID Tally's shops put in the PaymentIntent's metadata; the column is there when the report is run with it. */
    static final String ORDER_ID = "payment_metadata[order_id]";

    @Override
    public String name() {
        return "Stripe itemized payout reconciliation (payout_reconciliation.itemized)";
    }

    @Override
    public List<String> requiredColumns() {
        return List.of(ROW_ID, CREATED, CURRENCY, GROSS, CATEGORY, SOURCE, PAYMENT_INTENT);
    }

    @Override
    public Reading read(RowFields row) {
        String rowId = row.required(ROW_ID, "it is the row's own ID (txn_...)");
        String category = row.required(CATEGORY, "it says whether the row is a charge, a refund, a dispute or something ignored");
        var settledAt = row.time(CREATED);
        Currency currency = row.currency(CURRENCY);
        Long gross = row.minorUnits(GROSS, currency);
        PaymentKind kind = category == null ? PaymentKind.UNSUPPORTED : ReportFormat.kindOf(category);
        String paymentIntent = row.text(PAYMENT_INTENT);
        String source = row.text(SOURCE);
        String transactionId;
        String refundId = null;
        if (kind == PaymentKind.UNSUPPORTED) {
            // fees, payouts, adjustments: kept for the record, keyed by what they concern
            transactionId = paymentIntent != null ? paymentIntent : source != null ? source : rowId;
        } else {
            transactionId = row.required(PAYMENT_INTENT, "a " + category + " row is matched to Tally's payment by its PaymentIntent"
                    + " (pi_...); run the report with the payment_intent_id column");
            if (kind == PaymentKind.REFUNDED) {
                refundId = row.required(SOURCE, "a refund row's source_id is the refund (re_...) it reports");
            }
        }
        var problems = row.problems();
        if (!problems.isEmpty()) {
            return new Bad(problems);
        }
        return new Good(new ReportRow(rowId, settledAt, transactionId, row.text(ORDER_ID), kind, category,
                currency.getCurrencyCode(), Math.abs(gross), refundId));
    }
}
