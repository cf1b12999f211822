package com.tally.ingest;

import com.tally.schemas.PaymentKind;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * What any provider's event means for Tally, in one shape. {@code orderId} is null when the
 * sender did not say; {@code refundId} is set for refunds (a refund counts once per refund ID).
 */
public record CanonicalWebhook(String providerEventId, String providerEventType, PaymentKind kind, String transactionId,
                               String orderId, long amountMinor, String currency, String refundId, String failureReason,
                               Instant occurredAt) {

    /** Amount and currency of an event that moves no money Tally tracks (ISO 4217 "XXX": no currency). */
    public static final String NO_CURRENCY = "XXX";

    /** The same event with every free-text field passed through {@code clean} (card-number masking). */
    public CanonicalWebhook withText(UnaryOperator<String> clean) {
        return new CanonicalWebhook(clean.apply(providerEventId), clean.apply(providerEventType), kind, clean.apply(transactionId),
                orderId == null ? null : clean.apply(orderId), amountMinor, currency,
                refundId == null ? null : clean.apply(refundId), failureReason == null ? null : clean.apply(failureReason),
                occurredAt);
    }
}
