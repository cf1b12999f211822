package com.tally.order;

import com.tally.schemas.OrderState;
import java.time.Instant;
import java.util.List;

/** One line of {@code GET /orders?status=…}: enough to pick an order, whose whole view is one request away. */
public record OrderSummary(String orderId, String status, long amount, String currency, Instant since, int anomalies) {

    static OrderSummary of(OrderState state) {
        var history = state.getHistory();
        return new OrderSummary(state.getOrderId(), state.getStatus().name(), state.getAmountMinor(), state.getCurrency(),
                history.get(history.size() - 1).getAt(), state.getAnomalies().size());
    }

    /** The answer of the list endpoint; {@code truncated} says more orders are in the state than {@code limit}. */
    public record Page(String status, int limit, boolean truncated, List<OrderSummary> orders) {
    }
}
