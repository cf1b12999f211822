package com.tally.order;

import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderItem;
import com.tally.schemas.OrderState;
import com.tally.schemas.PaymentEvent;
import java.time.Instant;
import java.util.List;

/** The JSON answer of {@code GET /orders/{orderId}}: state, money, payments and the full history. */
public record OrderView(String orderId, String status, long amount, String currency, String customerEmail,
                        List<Item> items, Instant placedAt, List<Payment> payments, List<Payment> failedPayments,
                        List<HistoryEntry> history) {

    public record Item(String sku, int quantity) {
    }

    public record Payment(String transactionId, String provider, String providerEventId, long amount, String currency,
                          Instant occurredAt, String eventId, String failureReason) {
    }

    /** One line of the history; {@code from == to} marks an event recorded without a transition. */
    public record HistoryEntry(Instant at, String from, String to, String cause, String causeEventId, String eventId) {
    }

    public static OrderView of(OrderState state) {
        return new OrderView(
                state.getOrderId(),
                state.getStatus().name(),
                state.getAmountMinor(),
                state.getCurrency(),
                state.getCustomerEmail(),
                state.getItems().stream().map(OrderView::item).toList(),
                state.getPlacedAt(),
                state.getPayments().stream().map(OrderView::payment).toList(),
                state.getFailedPayments().stream().map(OrderView::payment).toList(),
                state.getHistory().stream().map(OrderView::entry).toList());
    }

    private static Item item(OrderItem item) {
        return new Item(item.getSku(), item.getQuantity());
    }

    private static Payment payment(PaymentEvent p) {
        return new Payment(p.getTransactionId(), p.getProvider(), p.getProviderEventId(), p.getAmountMinor(),
                p.getCurrency(), p.getOccurredAt(), p.getEventId(), p.getFailureReason());
    }

    private static HistoryEntry entry(OrderEvent e) {
        return new HistoryEntry(e.getAt(), e.getFrom() == null ? null : e.getFrom().name(), e.getTo().name(),
                e.getCause(), e.getCauseEventId(), e.getEventId());
    }
}
