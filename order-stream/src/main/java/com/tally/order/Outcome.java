package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.Anomaly;
import com.tally.schemas.EventIds;
import com.tally.schemas.LedgerEntry;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.RefundCause;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects the effects of one input on one order while the rules run: the state so far and what
 * must be published with it. Every history entry carries the same time, the later of the input's
 * time and the order's last entry, so a history always reads forwards and a replay of the same
 * log produces the same times.
 */
final class Outcome {

    private OrderState state;
    private final Instant at;
    private final String service;
    private final List<OrderEvent> transitions = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final List<RefundRequested> refunds = new ArrayList<>();
    private final List<LedgerEntry> ledger = new ArrayList<>();

    Outcome(OrderState current, Instant inputTime, String service) {
        this.state = OrderState.newBuilder(current).build();
        this.at = latest(current, inputTime);
        this.service = service;
    }

    private static Instant latest(OrderState state, Instant inputTime) {
        List<OrderEvent> history = state.getHistory();
        Instant last = history.isEmpty() ? Instant.EPOCH : history.get(history.size() - 1).getAt();
        return inputTime.isAfter(last) ? inputTime : last;
    }

    OrderState state() {
        return state;
    }

    Instant at() {
        return at;
    }

    String orderId() {
        return state.getOrderId();
    }

    /** A change of status, published on {@code orders.events} and kept in the history. */
    void transition(OrderStatus to, String cause, String causeEventId) {
        OrderStatus from = state.getStatus();
        var event = entry(causeEventId, "order-" + orderId() + "-" + to, from, to, cause, null);
        state.setStatus(to);
        appendToHistory(event);
        transitions.add(event);
    }

    /** An input kept in the history without changing the status (from == to); not published as a transition. */
    void record(String cause, String causeEventId, String detail) {
        appendToHistory(entry(causeEventId, "recorded-" + cause, state.getStatus(), state.getStatus(), cause, detail));
    }

    /** Something wrong with the order: recorded on it, kept in its history, and raised on {@code ops.alerts}. */
    void anomaly(String kind, Severity severity, String causeEventId, String detail) {
        var alert = Alert.newBuilder()
                .setEventId(EventIds.derived(causeEventId, kind))
                .setCauseEventId(causeEventId)
                .setKind(kind)
                .setSeverity(severity)
                .setSubject(orderId())
                .setDetail(detail)
                .setAt(at)
                .build();
        var anomalies = new ArrayList<>(state.getAnomalies());
        anomalies.add(new Anomaly(kind, detail, causeEventId, alert.getEventId(), at));
        state.setAnomalies(anomalies);
        if (state.getStatus() != null) {
            record(kind, causeEventId, detail);
        }
        alerts.add(alert);
    }

    /** Asks for {@code charge} to be refunded in full, from the processor that took it. */
    void requestRefund(String causeEventId, PaymentEvent charge, RefundCause cause, String reason) {
        String transactionId = charge.getTransactionId();
        var request = RefundRequested.newBuilder()
                .setEventId(EventIds.derived(causeEventId, "refund-" + transactionId))
                .setCauseEventId(causeEventId)
                .setOrderId(orderId())
                .setRefundRequestId(refundRequestId(transactionId))
                .setTransactionId(transactionId)
                .setAmountMinor(charge.getAmountMinor())
                .setCurrency(charge.getCurrency())
                .setReason(reason)
                .setRequestedAt(at)
                .setRequestedBy(OrderStateMachine.ORDER_STREAM)
                .setProvider(charge.getProvider())
                .setCause(cause)
                .build();
        var requests = new ArrayList<>(state.getRefundRequests());
        requests.add(request);
        state.setRefundRequests(requests);
        refunds.add(request);
    }

    /**
     * The one refund request ID for a charge, whoever asks: fulfillment-stream's compensation uses
     * the same, so the refund service and this state machine both see one request per charge.
     */
    static String refundRequestId(String transactionId) {
        return "refund-" + transactionId;
    }

    void book(String causeEventId, String purpose, String debit, String credit, long amountMinor, String currency) {
        ledger.add(Ledger.entry(orderId(), causeEventId, purpose, debit, credit, amountMinor, currency, at));
    }

    void replace(OrderState next) {
        state = next;
    }

    /** Folds in the decision of an input applied while this one ran (a held payment replayed on placement). */
    void absorb(Decision decision) {
        state = decision.next();
        transitions.addAll(decision.transitions());
        alerts.addAll(decision.alerts());
        refunds.addAll(decision.refunds());
        ledger.addAll(decision.ledger());
    }

    Decision decided() {
        return new Decision(state, published(), alerts, refunds, ledger, Optional.empty());
    }

    Decision refused(String reason) {
        return new Decision(state, published(), alerts, refunds, ledger, Optional.of(reason));
    }

    /**
     * The transitions as published: each carries the order as it stands after this input, so a
     * downstream stage needs nothing but the event. The order's own history keeps them without
     * it: the state would otherwise hold the items once per entry.
     */
    private List<OrderEvent> published() {
        String paidBy = state.getChargeAccounts().entrySet().stream()
                .filter(charge -> Ledger.SALES.equals(charge.getValue())).map(Map.Entry::getKey).sorted().findFirst().orElse(null);
        return transitions.stream().map(event -> OrderEvent.newBuilder(event)
                .setCustomerEmail(state.getCustomerEmail())
                .setItems(new ArrayList<>(state.getItems()))
                .setAmountMinor(state.getAmountMinor())
                .setCurrency(state.getCurrency())
                .setPaidTransactionId(paidBy)
                .build()).toList();
    }

    private OrderEvent entry(String causeEventId, String purpose, OrderStatus from, OrderStatus to, String cause, String detail) {
        return OrderEvent.newBuilder()
                .setEventId(EventIds.derived(causeEventId, purpose))
                .setCauseEventId(causeEventId)
                .setOrderId(orderId())
                .setFrom(from)
                .setTo(to)
                .setCause(cause)
                .setAt(at)
                .setService(service)
                .setDetail(detail)
                .build();
    }

    private void appendToHistory(OrderEvent event) {
        var history = new ArrayList<>(state.getHistory());
        history.add(event);
        state.setHistory(history);
    }
}
