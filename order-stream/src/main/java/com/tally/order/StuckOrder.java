package com.tally.order;

import com.tally.schemas.OrderState;
import java.time.Instant;
import java.util.List;

/**
 * One line of {@code GET /orders?stuck=true}: a paid order the warehouse has not accepted within
 * {@code TALLY_STUCK_ORDER_AFTER}. {@code paidSince} is when order-stream recorded the payment,
 * which the threshold counts from; {@code stuckSince} is when {@code order-stuck} was raised.
 */
public record StuckOrder(String orderId, String status, long amount, String currency, Instant paidSince, Instant stuckSince,
                         String fulfillmentRequestId) {

    static StuckOrder of(OrderState order, AwaitingFulfillment.Entry entry) {
        return new StuckOrder(order.getOrderId(), order.getStatus().name(), order.getAmountMinor(), order.getCurrency(),
                entry.since(), entry.raisedAt(), order.getFulfillmentRequestId());
    }

    /** The answer of {@code ?stuck=true}, longest waiting first; {@code truncated} says more orders are stuck than {@code limit}. */
    public record Page(int limit, boolean truncated, List<StuckOrder> orders) {
    }
}
