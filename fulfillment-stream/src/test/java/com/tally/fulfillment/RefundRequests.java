package com.tally.fulfillment;

import com.tally.schemas.RefundCause;
import com.tally.schemas.RefundRequested;
import java.time.Instant;

/** Refund requests as order-stream writes them, for the refund dispatcher's tests. */
final class RefundRequests {

    private RefundRequests() {
    }

    static RefundRequested request(String orderId, String provider) {
        return RefundRequested.newBuilder()
                .setEventId("evt-refund-" + orderId)
                .setCauseEventId("evt-result-" + orderId)
                .setOrderId(orderId)
                .setRefundRequestId("refund-pi_" + orderId)
                .setTransactionId("pi_" + orderId)
                .setAmountMinor(4_250)
                .setCurrency("EUR")
                .setReason("the warehouse rejected the order")
                .setRequestedAt(Instant.parse("2026-12-02T19:00:00Z"))
                .setRequestedBy("order-stream")
                .setProvider(provider)
                .setCause(RefundCause.FULFILLMENT_REJECTED)
                .build();
    }
}
