package com.tally.order;

import com.tally.schemas.Anomaly;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderItem;
import com.tally.schemas.OrderState;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.RefundRequested;
import java.time.Instant;
import java.util.List;

/**
 * The JSON answer of {@code GET /orders/{orderId}}: state, money, payments, anomalies and the
 * full history. {@code stale} is true when it was read from a standby copy that may lag behind.
 */
public record OrderView(String orderId, String status, long amount, String currency, String customerEmail,
                        List<Item> items, Instant placedAt, List<Payment> payments, List<Payment> failedPayments,
                        List<Payment> refunds, List<Payment> disputes, List<RefundRequest> refundRequests,
                        String fulfillmentRequestId, List<AnomalyView> anomalies, List<HistoryEntry> history, boolean stale) {

    public record Item(String sku, int quantity) {
    }

    public record Payment(String transactionId, String provider, String providerEventId, long amount, String currency,
                          Instant occurredAt, String eventId, String refundId, String failureReason) {
    }

    public record RefundRequest(String refundRequestId, String transactionId, long amount, String currency, String reason,
                                String requestedBy, Instant requestedAt) {
    }

    public record AnomalyView(String kind, String detail, String causeEventId, String alertEventId, Instant at) {
    }

    /** One line of the timeline; {@code from == to} marks an event recorded without a transition. */
    public record HistoryEntry(Instant at, String from, String to, String cause, String causeEventId, String service,
                               String detail, String eventId) {
    }

    public static OrderView of(OrderState state, boolean stale) {
        return new OrderView(
                state.getOrderId(),
                state.getStatus().name(),
                state.getAmountMinor(),
                state.getCurrency(),
                state.getCustomerEmail(),
                state.getItems().stream().map(OrderView::item).toList(),
                state.getPlacedAt(),
                payments(state.getPayments()),
                payments(state.getFailedPayments()),
                payments(state.getRefunds()),
                payments(state.getDisputes()),
                state.getRefundRequests().stream().map(OrderView::refundRequest).toList(),
                state.getFulfillmentRequestId(),
                state.getAnomalies().stream().map(OrderView::anomaly).toList(),
                state.getHistory().stream().map(OrderView::entry).toList(),
                stale);
    }

    private static Item item(OrderItem item) {
        return new Item(item.getSku(), item.getQuantity());
    }

    private static List<Payment> payments(List<PaymentEvent> events) {
        return events.stream().map(p -> new Payment(p.getTransactionId(), p.getProvider(), p.getProviderEventId(), p.getAmountMinor(),
                p.getCurrency(), p.getOccurredAt(), p.getEventId(), p.getRefundId(), p.getFailureReason())).toList();
    }

    private static RefundRequest refundRequest(RefundRequested r) {
        return new RefundRequest(r.getRefundRequestId(), r.getTransactionId(), r.getAmountMinor(), r.getCurrency(), r.getReason(),
                r.getRequestedBy(), r.getRequestedAt());
    }

    private static AnomalyView anomaly(Anomaly a) {
        return new AnomalyView(a.getKind(), a.getDetail(), a.getCauseEventId(), a.getAlertEventId(), a.getAt());
    }

    private static HistoryEntry entry(OrderEvent e) {
        return new HistoryEntry(e.getAt(), e.getFrom() == null ? null : e.getFrom().name(), e.getTo().name(),
                e.getCause(), e.getCauseEventId(), e.getService(), e.getDetail(), e.getEventId());
    }
}
