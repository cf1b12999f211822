package com.tally.order;

import com.tally.schemas.PaymentKind;
import com.tally.schemas.SettlementRecord;
import com.tally.schemas.WebhookReceived;
import java.time.Instant;

/** A processor's report covering 23 November 2026, read on the 24th at 10:00 (the driver's clock), and webhooks inside it. */
final class ReconciliationFixtures {

    static final Instant PERIOD_START = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant PERIOD_END = Instant.parse("2026-11-24T00:00:00Z");
    /** Noon inside the period: well older than the grace when the report is reconciled. */
    static final Instant CHARGED_AT = Instant.parse("2026-11-23T12:00:00Z");

    private ReconciliationFixtures() {
    }

    static SettlementRecord row(String reportId, String rowId, int rowsInReport, PaymentKind kind, String transactionId, String orderId,
                                long amountMinor, String currency) {
        return SettlementRecord.newBuilder()
                .setEventId("settlement-" + reportId + "-" + rowId)
                .setProvider("stripe")
                .setReportId(reportId)
                .setTransactionId(transactionId)
                .setOrderId(orderId)
                .setKind(kind)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setSettledAt(CHARGED_AT)
                .setRowId(rowId)
                .setRefundId(kind == PaymentKind.REFUNDED ? "re_" + transactionId : null)
                .setCategory(switch (kind) {
                    case SUCCEEDED -> "charge";
                    case REFUNDED -> "refund";
                    case DISPUTED -> "dispute";
                    default -> "payout";
                })
                .setPeriodStart(PERIOD_START)
                .setPeriodEnd(PERIOD_END)
                .setRowsInReport(rowsInReport)
                .build();
    }

    static SettlementRecord charge(String reportId, String rowId, int rowsInReport, String transactionId, String orderId, long amountMinor,
                                   String currency) {
        return row(reportId, rowId, rowsInReport, PaymentKind.SUCCEEDED, transactionId, orderId, amountMinor, currency);
    }

    /** A delivered webhook, dated inside the period. */
    static WebhookReceived inPeriod(WebhookReceived hook) {
        hook.setOccurredAt(CHARGED_AT);
        return hook;
    }

    static WebhookReceived inPeriod(WebhookReceived hook, Instant at) {
        hook.setOccurredAt(at);
        return hook;
    }
}
