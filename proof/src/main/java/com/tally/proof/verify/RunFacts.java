package com.tally.proof.verify;

import com.tally.proof.sim.SimulationRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What the simulator's record says must be true, per order. */
public final class RunFacts {

    private final Set<String> orderIds;
    private final Set<String> droppedOrders;
    private final List<SimulationRecord.DeliveryLine> deliveries;
    private final Map<String, List<SimulationRecord.DeliveryLine>> byOrder;

    RunFacts(SimulationRecord.Run run) {
        this.orderIds = run.orders().stream().map(SimulationRecord.OrderLine::orderId).collect(Collectors.toUnmodifiableSet());
        this.droppedOrders = run.orders().stream().filter(SimulationRecord.OrderLine::dropped).map(SimulationRecord.OrderLine::orderId)
                .collect(Collectors.toUnmodifiableSet());
        this.deliveries = run.deliveries();
        this.byOrder = deliveries.stream().collect(Collectors.groupingBy(SimulationRecord.DeliveryLine::orderId));
    }

    /** Every order of the run's stories, whether or not its placement was accepted. */
    public Set<String> orderIds() {
        return orderIds;
    }

    /** Orders whose charge's webhooks the simulator lost on purpose ({@code simulate --drop}): owed a heal from a report. */
    public Set<String> droppedOrders() {
        return droppedOrders;
    }

    public Set<String> acceptedWebhookEventIds() {
        return deliveries.stream().filter(d -> d.kind().equals("webhook") && d.accepted())
                .map(SimulationRecord.DeliveryLine::eventId).collect(Collectors.toSet());
    }

    public Set<String> forgedEventIds() {
        return deliveries.stream().filter(SimulationRecord.DeliveryLine::forged).map(SimulationRecord.DeliveryLine::eventId)
                .collect(Collectors.toSet());
    }

    public List<String> placedOrders() {
        return deliveries.stream().filter(d -> d.kind().equals("placement") && d.accepted())
                .map(SimulationRecord.DeliveryLine::orderId).distinct().toList();
    }

    public Set<String> successfulCharges(String orderId) {
        return accepted(orderId, "payment_intent.succeeded").stream().map(SimulationRecord.DeliveryLine::transactionId)
                .collect(Collectors.toSet());
    }

    public boolean hasAcceptedFailure(String orderId) {
        return !accepted(orderId, "payment_intent.payment_failed").isEmpty();
    }

    public boolean refundAccepted(String orderId) {
        return !accepted(orderId, "charge.refunded").isEmpty();
    }

    private List<SimulationRecord.DeliveryLine> accepted(String orderId, String type) {
        return byOrder.getOrDefault(orderId, List.of()).stream()
                .filter(d -> !d.forged() && d.accepted() && type.equals(d.type())).toList();
    }
}
