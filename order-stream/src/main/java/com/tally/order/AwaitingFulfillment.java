package com.tally.order;

import com.tally.schemas.OrderState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The {@code awaiting-fulfillment} store: every order waiting for fulfillment, since when, and
 * whether it was raised stuck. Written only by {@link ApplyToOrder}, in the transaction of the
 * state change or the alert that causes each write, so a restart finds it as consistent as the
 * orders. Three kinds of key:
 * <ul>
 *   <li>{@code order/<orderId>} → waiting since (ms): finds an order's entry;</li>
 *   <li>{@code waiting/<since>/<orderId>} → since: not raised yet, oldest first, so the scan for
 *       orders due stops at the first one that is not;</li>
 *   <li>{@code stuck/<since>/<orderId>} → when it was raised (ms): never raised again, counted and listed.</li>
 * </ul>
 * {@code <since>} is zero-padded, so the keys sort by time.
 */
final class AwaitingFulfillment {

    /** One waiting order: since when, and when it was raised stuck (null: not yet). */
    record Entry(String orderId, Instant since, Instant raisedAt) {
    }

    /** What the gauges show for one store: how many orders are stuck, and since when the oldest waits (null: none waits). */
    record Summary(long stuck, Instant oldestSince) {

        static final Summary NONE = new Summary(0, null);

        Summary plus(Summary other) {
            Instant oldest = oldestSince == null ? other.oldestSince
                    : other.oldestSince == null || oldestSince.isBefore(other.oldestSince) ? oldestSince : other.oldestSince;
            return new Summary(stuck + other.stuck, oldest);
        }
    }

    static final String ORDER = "order/";
    static final String WAITING = "waiting/";
    static final String STUCK = "stuck/";
    /** Set once the orders already waiting when this store was introduced have been entered. */
    private static final String BACKFILLED = "backfilled";
    private static final int SINCE_DIGITS = 19;

    private final KeyValueStore<String, Long> store;

    AwaitingFulfillment(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    private static String timed(String kind, long sinceMs, String orderId) {
        return kind + String.format("%0" + SINCE_DIGITS + "d", sinceMs) + "/" + orderId;
    }

    private static Entry entry(String kind, String key, long value) {
        long since = Long.parseLong(key.substring(kind.length(), kind.length() + SINCE_DIGITS));
        String orderId = key.substring(kind.length() + SINCE_DIGITS + 1);
        return new Entry(orderId, Instant.ofEpochMilli(since), STUCK.equals(kind) ? Instant.ofEpochMilli(value) : null);
    }

    /** Follows one order's change: it starts waiting when it becomes PAID and stops when it moves on. */
    void follow(OrderState before, OrderState after, long nowMs) {
        boolean waited = StuckOrders.awaitsFulfillment(before.getStatus());
        boolean waits = StuckOrders.awaitsFulfillment(after.getStatus());
        if (!waited && waits) {
            start(after.getOrderId(), nowMs);
        } else if (waited && !waits) {
            stop(after.getOrderId());
        }
    }

    private void start(String orderId, long sinceMs) {
        if (store.get(ORDER + orderId) != null) {
            return;
        }
        store.put(ORDER + orderId, sinceMs);
        store.put(timed(WAITING, sinceMs, orderId), sinceMs);
    }

    void stop(String orderId) {
        Long since = store.get(ORDER + orderId);
        if (since == null) {
            return;
        }
        store.delete(ORDER + orderId);
        store.delete(timed(WAITING, since, orderId));
        store.delete(timed(STUCK, since, orderId));
    }

    /** When the order was raised stuck, if it was (and still waits). */
    Optional<Instant> raisedAt(String orderId) {
        Long since = store.get(ORDER + orderId);
        if (since == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(store.get(timed(STUCK, since, orderId))).map(Instant::ofEpochMilli);
    }

    /** The orders waiting since {@code dueSinceMs} or earlier and not raised yet, oldest first: reads only those, and one more. */
    List<Entry> waitingSinceOrBefore(long dueSinceMs) {
        var due = new ArrayList<Entry>();
        try (var waiting = store.prefixScan(WAITING, new StringSerializer())) {
            while (waiting.hasNext()) {
                var next = waiting.next();
                Entry entry = entry(WAITING, next.key, next.value);
                if (entry.since().toEpochMilli() > dueSinceMs) {
                    break;
                }
                due.add(entry);
            }
        }
        return due;
    }

    void markStuck(Entry entry, long raisedAtMs) {
        store.delete(timed(WAITING, entry.since().toEpochMilli(), entry.orderId()));
        store.put(timed(STUCK, entry.since().toEpochMilli(), entry.orderId()), raisedAtMs);
    }

    /**
     * Enters every order of this store's partition that already waited before the store existed,
     * once: their wait is counted from their PAID transition, the best record there is of it.
     */
    void backfillOnce(KeyValueStore<String, OrderState> orders, long nowMs) {
        if (store.get(BACKFILLED) != null) {
            return;
        }
        var waiting = new ArrayList<OrderState>();
        try (var all = orders.all()) {
            all.forEachRemaining(order -> {
                if (StuckOrders.awaitsFulfillment(order.value.getStatus())) {
                    waiting.add(order.value);
                }
            });
        }
        for (OrderState order : waiting) {
            start(order.getOrderId(), StuckOrders.paid(order).map(paid -> paid.getAt().toEpochMilli()).orElse(nowMs));
        }
        store.put(BACKFILLED, nowMs);
    }

    /** The stuck orders of one store (one partition), longest waiting first, at most {@code limit}. */
    static List<Entry> stuck(ReadOnlyKeyValueStore<String, Long> store, int limit) {
        var found = new ArrayList<Entry>();
        try (var stuck = store.prefixScan(STUCK, new StringSerializer())) {
            while (stuck.hasNext() && found.size() < limit) {
                var next = stuck.next();
                found.add(entry(STUCK, next.key, next.value));
            }
        }
        return found;
    }

    /** Reads every stuck entry (to count them) and the first waiting one. */
    static Summary summary(ReadOnlyKeyValueStore<String, Long> store) {
        long stuck = 0;
        Instant oldestStuck = null;
        try (var entries = store.prefixScan(STUCK, new StringSerializer())) {
            while (entries.hasNext()) {
                var next = entries.next();
                if (oldestStuck == null) {
                    oldestStuck = entry(STUCK, next.key, next.value).since();
                }
                stuck++;
            }
        }
        Instant oldestWaiting = null;
        try (var waiting = store.prefixScan(WAITING, new StringSerializer())) {
            if (waiting.hasNext()) {
                var next = waiting.next();
                oldestWaiting = entry(WAITING, next.key, next.value).since();
            }
        }
        return new Summary(stuck, oldestStuck).plus(new Summary(0, oldestWaiting));
    }
}
