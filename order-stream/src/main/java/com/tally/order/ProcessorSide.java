package com.tally.order;

import com.tally.schemas.PaymentKind;
import com.tally.schemas.SettlementRecord;
import java.time.Instant;

/**
 * What one report says about one transaction: its charge row, if the report has one, and how
 * many refund and dispute rows it has. Folded from the report's rows for that transaction.
 *
 * @param chargeMinor null when the report has no charge row for the transaction (a refund of an earlier period's charge)
 * @param chargeRowId the charge row's ID (Stripe: balance_transaction_id), the provider event ID of a heal
 */
record ProcessorSide(String provider, String transactionId, String orderId, Long chargeMinor, String currency, Instant chargedAt,
                     String chargeRowId, long refundedMinor, int refunds, int disputes) {

    static ProcessorSide none(String provider, String transactionId) {
        return new ProcessorSide(provider, transactionId, null, null, null, null, null, 0, 0, 0);
    }

    boolean charged() {
        return chargeMinor != null;
    }

    /** This side with one more of the report's rows for the transaction; rows of a category not reconciled are not folded. */
    ProcessorSide with(SettlementRecord row) {
        String order = orderId != null ? orderId : row.getOrderId();
        String rowCurrency = currency != null ? currency : row.getCurrency();
        return switch (row.getKind()) {
            case SUCCEEDED -> new ProcessorSide(provider, transactionId, order, row.getAmountMinor(), row.getCurrency(), row.getSettledAt(),
                    row.getRowId(), refundedMinor, refunds, disputes);
            // a processor reports money going out as negative: the size of a refund is what matters
            case REFUNDED -> new ProcessorSide(provider, transactionId, order, chargeMinor, rowCurrency, chargedAt, chargeRowId,
                    refundedMinor + Math.abs(row.getAmountMinor()), refunds + 1, disputes);
            case DISPUTED -> new ProcessorSide(provider, transactionId, order, chargeMinor, rowCurrency, chargedAt, chargeRowId,
                    refundedMinor, refunds, disputes + 1);
            case FAILED, UNSUPPORTED -> throw new IllegalArgumentException("row " + row.getRowId() + " of kind " + row.getKind()
                    + " is not one reconciliation compares");
        };
    }

    static boolean compared(PaymentKind kind) {
        return kind == PaymentKind.SUCCEEDED || kind == PaymentKind.REFUNDED || kind == PaymentKind.DISPUTED;
    }
}
