package com.tally.proof.verify;

import com.tally.fulfillment.FulfillmentIds;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reconciliation's promise to a run that lost charges' webhooks ({@code simulate --drop}): each
 * lost charge is healed once, through the path a webhook takes. An order owed a heal is not a
 * failure until a report was reconciled: while no heal at all is on {@code payments.webhooks}, the
 * lost charges are said to be owed and nothing is judged. Its one confirmation e-mail is judged
 * with every other paid order's ({@link NotificationInvariants#ONE_NOTIFICATION_PER_KIND}).
 */
public final class ReconciliationInvariants implements Invariants {

    public static final String DROPPED_HEALED_ONCE = "every dropped charge healed exactly once";

    @Override
    public List<String> topicsRead() {
        return List.of(Topics.WEBHOOKS, Topics.ORDER_EVENTS, Topics.FULFILLMENT_REQUESTS);
    }

    /** order-stream's and fulfillment-stream's catching up is awaited for their own invariants, which always run with these. */
    @Override
    public Map<String, List<String>> groupInputs() {
        return Map.of();
    }

    @Override
    public List<Check> check(Evidence evidence) throws Exception {
        Set<String> dropped = evidence.facts().droppedOrders();
        if (dropped.isEmpty()) {
            return List.of();
        }
        Map<String, Long> heals = evidence.read(Topics.WEBHOOKS, WebhookReceived.class).stream()
                .filter(w -> w.getFoundInReport() != null && w.getKind() == PaymentKind.SUCCEEDED && dropped.contains(w.getOrderId()))
                .collect(Collectors.groupingBy(WebhookReceived::getOrderId, Collectors.counting()));
        Map<String, Long> paid = evidence.read(Topics.ORDER_EVENTS, OrderEvent.class).stream()
                .filter(e -> dropped.contains(e.getOrderId()) && e.getTo() == OrderStatus.PAID && e.getFrom() != OrderStatus.PAID)
                .collect(Collectors.groupingBy(OrderEvent::getOrderId, Collectors.counting()));
        Map<String, Set<String>> requests = evidence.read(Topics.FULFILLMENT_REQUESTS, FulfillmentRequested.class).stream()
                .filter(r -> dropped.contains(r.getOrderId()))
                .collect(Collectors.groupingBy(FulfillmentRequested::getOrderId,
                        Collectors.mapping(FulfillmentRequested::getRequestId, Collectors.toSet())));
        if (heals.isEmpty()) {
            evidence.progress(dropped.size() + " dropped charges are owed a heal: no report has been reconciled for them yet"
                    + " (`tally processor-report`, then `tally reconcile`)");
        }
        return droppedHealedOnce(dropped, heals, paid, requests);
    }

    /**
     * Once any heal is on the log (a report was reconciled), every dropped order must have exactly
     * one heal, reach PAID exactly once and have one fulfillment request ID. Before, there is no
     * check at all: a check of nothing would fail the run as not exercised, and owing is no failure.
     */
    static List<Check> droppedHealedOnce(Set<String> dropped, Map<String, Long> heals, Map<String, Long> paidTransitions,
                                         Map<String, Set<String>> fulfillmentRequestIds) {
        if (heals.isEmpty()) {
            return List.of();
        }
        var check = new Check(DROPPED_HEALED_ONCE);
        for (String orderId : new TreeSet<>(dropped)) {
            long healed = heals.getOrDefault(orderId, 0L);
            long paid = paidTransitions.getOrDefault(orderId, 0L);
            Set<String> requested = fulfillmentRequestIds.getOrDefault(orderId, Set.of());
            check.expect(healed == 1 && paid == 1 && requested.equals(Set.of(FulfillmentIds.requestId(orderId))),
                    orderId + ": healed " + healed + " times, PAID " + paid + " times, fulfillment request IDs " + new TreeSet<>(requested));
        }
        return List.of(check);
    }
}
