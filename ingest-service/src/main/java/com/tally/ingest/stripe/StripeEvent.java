package com.tally.ingest.stripe;

import com.tally.schemas.PaymentKind;
import java.time.Instant;

/** The canonical fields of one Stripe event; {@code orderId} is null when the sender did not set metadata.order_id. */
public record StripeEvent(String providerEventId, String providerEventType, PaymentKind kind, String transactionId,
                          String orderId, long amountMinor, String currency, String failureReason, Instant occurredAt) {
}
