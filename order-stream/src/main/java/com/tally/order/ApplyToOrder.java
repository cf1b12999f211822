package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the state machine for one order, stores the result and forwards the decision, whose
 * outputs (transitions, alerts, refund requests, ledger entries) the topology takes to their
 * topics. The store writes and every output commit in one Kafka transaction: the outbox, done by
 * Kafka. Wall-clock punctuators raise payments whose order never came and paid orders nobody
 * fulfils (these are cleared in the transaction of the change that moves the order on).
 */
final class ApplyToOrder implements Processor<String, OrderInput, String, Decision> {

    private static final Logger log = LoggerFactory.getLogger(ApplyToOrder.class);

    private final Duration unmatchedTimeout;
    private final Optional<Duration> stuckAfter;
    private final Compensation compensation;
    private ProcessorContext<String, Decision> context;
    private KeyValueStore<String, OrderState> orders;
    private KeyValueStore<String, Long> byStatus;
    private KeyValueStore<String, Long> unmatched;
    private AwaitingFulfillment awaiting;

    /** @param stuckAfter how long a paid order may wait for fulfillment before it is raised; empty: never raised (a rebuild) */
    ApplyToOrder(Duration unmatchedTimeout, Optional<Duration> stuckAfter, Compensation compensation) {
        this.unmatchedTimeout = unmatchedTimeout;
        this.stuckAfter = stuckAfter;
        this.compensation = compensation;
    }

    /** The key of an order in the status index: listing a status is a prefix scan. */
    static String statusKey(OrderStatus status, String orderId) {
        return status.name() + "/" + orderId;
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        this.context = context;
        this.orders = context.getStateStore(StoreNames.ORDER_STATE);
        this.byStatus = context.getStateStore(StoreNames.ORDERS_BY_STATUS);
        this.unmatched = context.getStateStore(StoreNames.UNMATCHED_PAYMENTS);
        this.awaiting = new AwaitingFulfillment(context.getStateStore(StoreNames.AWAITING_FULFILLMENT));
        context.schedule(ExpiringKeys.purgeInterval(unmatchedTimeout), PunctuationType.WALL_CLOCK_TIME, this::raiseUnmatchedPayments);
        // a few scans per threshold: an order is raised soon after it is due, and a scan reads only what is due
        stuckAfter.ifPresent(after -> context.schedule(ExpiringKeys.purgeInterval(after), PunctuationType.WALL_CLOCK_TIME,
                this::raiseStuckOrders));
    }

    @Override
    public void process(Record<String, OrderInput> record) {
        String orderId = record.key();
        if (!orderId.equals(record.value().orderId())) {
            // a producer bug: applying it would file the event under the wrong order. The processing
            // exception handler sends it to order-stream.dlq and the other orders go on.
            throw new IllegalArgumentException("record keyed " + orderId + " names order " + record.value().orderId()
                    + ": fix the producer of this topic to key records by order ID");
        }
        OrderState current = orders.get(orderId);
        if (current == null) {
            current = OrderStateMachine.unknown(orderId);
        }
        Decision decision = clearIfMovedOn(current, record.value().applyTo(current, Instant.ofEpochMilli(record.timestamp()), compensation));
        decision.refusal().ifPresent(reason -> log.debug("order {}: {}", orderId, reason));
        store(current, decision.next());
        context.forward(new Record<>(orderId, decision, record.timestamp()));
    }

    /** A stuck order that this decision moves on is cleared with it: once, since it moves on once. */
    private Decision clearIfMovedOn(OrderState before, Decision decided) {
        // most inputs end no wait: they need no look into the store
        if (!StuckOrders.awaitsFulfillment(before.getStatus()) || StuckOrders.awaitsFulfillment(decided.next().getStatus())) {
            return decided;
        }
        return StuckOrders.unstuck(before, decided, awaiting.raisedAt(before.getOrderId())).map(decided::withAlert).orElse(decided);
    }

    private void store(OrderState before, OrderState after) {
        if (after == before) {
            return;
        }
        String orderId = after.getOrderId();
        // the wait is counted from when this app recorded the payment: a backlog read late is not a late warehouse
        awaiting.follow(before, after, context.currentSystemTimeMs());
        if (after.getStatus() != null || !after.getHeldPayments().isEmpty() || !after.getAnomalies().isEmpty()) {
            orders.put(orderId, after);
        }
        if (before.getStatus() != after.getStatus()) {
            if (before.getStatus() != null) {
                byStatus.delete(statusKey(before.getStatus(), orderId));
            }
            byStatus.put(statusKey(after.getStatus(), orderId), after.getHistory().get(after.getHistory().size() - 1).getAt().toEpochMilli());
        }
        boolean waiting = after.getStatus() == null && after.getHeldSince() != null;
        boolean raised = after.getAnomalies().stream().anyMatch(a -> a.getKind().equals("payment-for-unknown-order"));
        if (waiting && !raised) {
            unmatched.putIfAbsent(orderId, after.getHeldSince().toEpochMilli());
        } else if (before.getHeldSince() != null) {
            unmatched.delete(orderId);
        }
    }

    private void raiseUnmatchedPayments(long nowMs) {
        var due = new ArrayList<String>();
        try (var all = unmatched.all()) {
            all.forEachRemaining((KeyValue<String, Long> held) -> {
                if (nowMs - held.value >= unmatchedTimeout.toMillis()) {
                    due.add(held.key);
                }
            });
        }
        for (String orderId : due) {
            OrderState current = orders.get(orderId);
            unmatched.delete(orderId);
            if (current == null) {
                continue;
            }
            Decision decision = OrderStateMachine.unmatchedPaymentTimedOut(current, Instant.ofEpochMilli(nowMs));
            orders.put(orderId, decision.next());
            context.forward(new Record<>(orderId, decision, nowMs));
        }
    }

    private void raiseStuckOrders(long nowMs) {
        awaiting.backfillOnce(orders, nowMs);
        Duration after = stuckAfter.orElseThrow();
        Instant now = Instant.ofEpochMilli(nowMs);
        for (AwaitingFulfillment.Entry due : awaiting.waitingSinceOrBefore(nowMs - after.toMillis())) {
            OrderState order = orders.get(due.orderId());
            var alert = order == null ? Optional.<Alert>empty() : StuckOrders.stuck(order, due.since(), now, after);
            if (alert.isEmpty()) {
                // the order no longer waits, though its entry did: nothing to raise, nothing to keep
                awaiting.stop(due.orderId());
                continue;
            }
            awaiting.markStuck(due, nowMs);
            context.forward(new Record<>(due.orderId(), Decision.raising(order, alert.get()), nowMs));
        }
    }
}
