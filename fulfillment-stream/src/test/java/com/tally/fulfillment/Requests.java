package com.tally.fulfillment;

import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.OrderItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Fulfillment requests as the saga writes them, for the dispatcher's tests. */
final class Requests {

    private Requests() {
    }

    /** The contract's request ID of an order (FulfillmentIds in the saga derives the same). */
    static String requestIdOf(String orderId) {
        return "ful_" + UUID.nameUUIDFromBytes((orderId + "/fulfillment").getBytes(StandardCharsets.UTF_8));
    }

    static FulfillmentRequested request(String orderId, int attempt) {
        return FulfillmentRequested.newBuilder()
                .setEventId("evt-" + orderId + "-" + attempt)
                .setCauseEventId("cause-" + orderId)
                .setOrderId(orderId)
                .setRequestId(requestIdOf(orderId))
                .setAttempt(attempt)
                .setItems(List.of(new OrderItem("SKU-1", 2), new OrderItem("SKU-7", 1)))
                .setRequestedAt(Instant.parse("2026-12-02T19:00:00Z"))
                .build();
    }
}
