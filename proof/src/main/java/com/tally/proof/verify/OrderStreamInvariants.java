package com.tally.proof.verify;

import com.tally.order.OrderStreamApp;
import com.tally.order.OrderView;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.RefundCause;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.Topics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * order-stream's promises, judged from what the simulator recorded, the topics it writes and its
 * interactive queries: every charge recorded once, every order in the state its payments call
 * for, one refund request per extra charge, and the queried state equal to the published one.
 */
public final class OrderStreamInvariants implements Invariants {

    public static final String PAID_ONCE_PER_CHARGE = "charged orders are PAID or later, one payment per charge";
    public static final String FAILED_ONLY = "orders with only failed charges are PAYMENT_FAILED";
    public static final String REFUNDED = "refunded orders are REFUNDED";
    public static final String ONE_REFUND_PER_EXTRA = "exactly one refund request per extra charge";
    public static final String NO_TRANSITION_TWICE = "no transition appears twice";
    public static final String QUERIES_EQUAL_LOG = "queried state equals the state rebuilt from orders.events";

    /** The topics order-stream consumes: it must have caught up with all of them. */
    public static final List<String> INPUTS = List.of(Topics.WEBHOOKS, Topics.ORDERS_PLACED, Topics.PAYMENT_EVENTS,
            Topics.FULFILLMENT_REQUESTS, Topics.FULFILLMENT_RESULTS, Topics.REFUNDS);
    /** Its inputs and outputs: no transaction may be open on any of them. */
    public static final List<String> TOPICS_READ = List.of(Topics.WEBHOOKS, Topics.ORDERS_PLACED, Topics.PAYMENT_EVENTS,
            Topics.ORDER_EVENTS, Topics.REFUNDS, Topics.LEDGER_ENTRIES);

    private static final Set<String> PAID_OR_LATER = Set.of("PAID", "FULFILLMENT_REQUESTED", "FULFILLMENT_ACCEPTED", "SHIPPED",
            "DELIVERED", "REFUND_REQUESTED", "REFUNDED");

    private final ServiceQuery orders;

    /** @param operatorToken one of order-stream's TALLY_OPERATOR_TOKENS, which its queries need */
    public OrderStreamInvariants(String orderUrl, String operatorToken) {
        this.orders = new ServiceQuery(OrderStreamApp.APPLICATION_ID, orderUrl, operatorToken);
    }

    @Override
    public List<String> topicsRead() {
        return TOPICS_READ;
    }

    @Override
    public Map<String, List<String>> groupInputs() {
        return Map.of(OrderStreamApp.APPLICATION_ID, INPUTS);
    }

    @Override
    public List<Check> check(Evidence evidence) throws Exception {
        RunFacts facts = evidence.facts();
        Set<String> orderIds = facts.orderIds();
        Map<String, List<OrderEvent>> transitions = evidence.read(Topics.ORDER_EVENTS, OrderEvent.class).stream()
                .filter(e -> orderIds.contains(e.getOrderId())).collect(Collectors.groupingBy(OrderEvent::getOrderId));
        Map<String, List<RefundRequested>> refunds = evidence.read(Topics.REFUNDS, RefundRequested.class).stream()
                // counted by cause: a refund for a rejected or given-up order is compensation, not a repeat
                .filter(r -> orderIds.contains(r.getOrderId()) && r.getCause() == RefundCause.EXTRA_CHARGE)
                .collect(Collectors.groupingBy(RefundRequested::getOrderId));
        evidence.progress("querying " + orderIds.size() + " orders from order-stream");
        Map<String, OrderView> queried = new HashMap<>();
        for (String orderId : orderIds) {
            query(orderId).ifPresent(view -> queried.put(orderId, view));
        }
        return List.of(
                paidOncePerCharge(facts, queried),
                failedOnly(facts, queried),
                refunded(facts, queried),
                oneRefundPerExtraCharge(facts, refunds),
                noTransitionTwice(orderIds, queried, transitions),
                queriesEqualLog(facts, queried, transitions));
    }

    private Optional<OrderView> query(String orderId) throws Exception {
        return orders.get("/orders/" + ServiceQuery.encode(orderId), OrderView.class);
    }

    private static Check paidOncePerCharge(RunFacts facts, Map<String, OrderView> queried) {
        var check = new Check(PAID_ONCE_PER_CHARGE);
        for (String orderId : facts.placedOrders()) {
            Set<String> charges = facts.successfulCharges(orderId);
            if (charges.isEmpty()) {
                continue;
            }
            OrderView order = queried.get(orderId);
            Set<String> recorded = order == null ? Set.of()
                    : order.payments().stream().map(OrderView.Payment::transactionId).collect(Collectors.toSet());
            boolean holds = order != null && PAID_OR_LATER.contains(order.status()) && order.payments().size() == charges.size()
                    && recorded.equals(charges);
            check.expect(holds, orderId + ": charged " + charges + ", but is " + (order == null ? "missing"
                    : order.status() + " with payments " + order.payments().stream().map(OrderView.Payment::transactionId).toList()));
        }
        return check;
    }

    private static Check failedOnly(RunFacts facts, Map<String, OrderView> queried) {
        var check = new Check(FAILED_ONLY);
        for (String orderId : facts.placedOrders()) {
            if (facts.successfulCharges(orderId).isEmpty() && facts.hasAcceptedFailure(orderId)) {
                OrderView order = queried.get(orderId);
                check.expect(order != null && order.status().equals("PAYMENT_FAILED"),
                        orderId + ": only failed charges, but is " + (order == null ? "missing" : order.status()));
            }
        }
        return check;
    }

    private static Check refunded(RunFacts facts, Map<String, OrderView> queried) {
        var check = new Check(REFUNDED);
        for (String orderId : facts.placedOrders()) {
            if (facts.refundAccepted(orderId) && facts.successfulCharges(orderId).size() == 1) {
                OrderView order = queried.get(orderId);
                check.expect(order != null && order.status().equals("REFUNDED"),
                        orderId + ": refunded in full, but is " + (order == null ? "missing" : order.status()));
            }
        }
        return check;
    }

    private static Check oneRefundPerExtraCharge(RunFacts facts, Map<String, List<RefundRequested>> refunds) {
        var check = new Check(ONE_REFUND_PER_EXTRA);
        for (String orderId : facts.placedOrders()) {
            int charges = facts.successfulCharges(orderId).size();
            if (charges == 0) {
                continue;
            }
            List<RefundRequested> requested = refunds.getOrDefault(orderId, List.of());
            long distinct = requested.stream().map(RefundRequested::getRefundRequestId).distinct().count();
            check.expect(requested.size() == charges - 1 && distinct == requested.size(),
                    orderId + ": " + charges + " charges, " + requested.size() + " refund requests "
                            + requested.stream().map(RefundRequested::getRefundRequestId).toList());
        }
        return check;
    }

    private static Check noTransitionTwice(Set<String> orderIds, Map<String, OrderView> queried, Map<String, List<OrderEvent>> transitions) {
        var check = new Check(NO_TRANSITION_TWICE);
        for (String orderId : orderIds) {
            OrderView order = queried.get(orderId);
            if (order == null) {
                continue;
            }
            List<OrderEvent> published = transitions.getOrDefault(orderId, List.of());
            Set<String> publishedIds = new HashSet<>();
            boolean unique = published.stream().allMatch(e -> publishedIds.add(e.getEventId()));
            Set<String> moves = new HashSet<>();
            boolean noRepeatedMove = order.history().stream().filter(h -> !Objects.equals(h.from(), h.to()))
                    .allMatch(h -> moves.add(h.from() + "->" + h.to()));
            Set<String> historyIds = new HashSet<>();
            boolean historyUnique = order.history().stream().allMatch(h -> historyIds.add(h.eventId()));
            check.expect(unique && noRepeatedMove && historyUnique, orderId + ": " + published.size() + " transitions on orders.events "
                    + published.stream().map(e -> e.getFrom() + "->" + e.getTo()).toList());
        }
        return check;
    }

    private static Check queriesEqualLog(RunFacts facts, Map<String, OrderView> queried, Map<String, List<OrderEvent>> transitions) {
        var check = new Check(QUERIES_EQUAL_LOG);
        for (String orderId : facts.placedOrders()) {
            OrderView order = queried.get(orderId);
            List<OrderEvent> published = transitions.getOrDefault(orderId, List.of());
            List<String> fromLog = published.stream().map(OrderEvent::getEventId).toList();
            List<String> fromQuery = order == null ? List.of() : order.history().stream()
                    .filter(h -> !Objects.equals(h.from(), h.to())).map(OrderView.HistoryEntry::eventId).toList();
            String lastState = published.isEmpty() ? null : published.get(published.size() - 1).getTo().name();
            check.expect(order != null && order.status().equals(lastState) && fromLog.equals(fromQuery),
                    orderId + ": queried " + (order == null ? "nothing" : order.status()) + ", log says " + lastState);
        }
        return check;
    }
}
