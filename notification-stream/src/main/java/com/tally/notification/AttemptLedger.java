package com.tally.notification;

import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationResult;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Utils;

/**
 * What the dispatcher knows of earlier sends, per partition of {@code notifications.requests} it
 * owns: per notification whose request may still be handled, the last attempt's number and
 * whether some send of it may have delivered; and how many in-doubt resends the results of those
 * partitions hold. A partition is filled from the results when the dispatcher is given it
 * ({@link #own}, then {@link #apply} in the topic's order), kept up by the sends, and dropped
 * when it is taken away ({@link #forget}), so two instances never count one resend twice.
 *
 * <p>A notification is forgotten once its outcome is committed ({@link #committed}): the request's
 * offset committed with it, so it is not handled again. Until then a batch read again (an aborted
 * transaction) resends it as in doubt.
 */
final class AttemptLedger {

    /**
     * @param partition        the request's partition
     * @param mayHaveDelivered true when the last send may have reached the server: the next send may be a second copy
     */
    record Pending(int partition, int lastAttempt, boolean mayHaveDelivered) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> inDoubtResends = new ConcurrentHashMap<>();
    private volatile int requestPartitions;

    /** How many partitions {@code notifications.requests} has: which one an order's requests are in follows from it. */
    void requestPartitions(int count) {
        requestPartitions = count;
    }

    /**
     * The partition of {@code notifications.requests} holding the order's requests: the producer's
     * default choice for a key (murmur2 of its bytes), which the outbox's Kafka Streams sink uses.
     */
    int partitionOf(String orderId) {
        int count = requestPartitions;
        if (count < 1) {
            throw new IllegalStateException("no partition of notifications.requests is owned yet");
        }
        return Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8))) % count;
    }

    /** Starts keeping {@code partition}, with nothing known of it yet. */
    void own(int partition) {
        inDoubtResends.put(partition, new AtomicLong());
    }

    /** Stops keeping {@code partition}: another instance reads it now, and counts its resends. */
    void forget(int partition) {
        inDoubtResends.remove(partition);
        pending.values().removeIf(known -> known.partition() == partition);
    }

    /** One result of a request in {@code partition}, in the topic's order. */
    void apply(int partition, NotificationResult result) {
        if (result.getOutcome() == NotificationOutcome.ATTEMPTED) {
            // an attempt with no later outcome: the dispatcher stopped between it and its outcome, so it may have been sent
            pending.merge(result.getNotificationId(), new Pending(partition, result.getAttempt(), true),
                    (before, now) -> new Pending(partition, Math.max(before.lastAttempt(), now.lastAttempt()), true));
            if (result.getInDoubtResend()) {
                count(partition);
            }
        } else if (result.getOutcome() == NotificationOutcome.SENT || result.getOutcome() == NotificationOutcome.FAILED) {
            pending.remove(result.getNotificationId());
        }
    }

    /** What is known of the notification's earlier sends, or null when none is pending. */
    Pending pending(String notificationId) {
        return pending.get(notificationId);
    }

    /** The number the next send of the notification gets, from 1. */
    int nextAttempt(String notificationId) {
        Pending before = pending.get(notificationId);
        return before == null ? 1 : before.lastAttempt() + 1;
    }

    /** True when the next send of the notification may deliver a second copy. */
    boolean nextIsInDoubt(String notificationId) {
        Pending before = pending.get(notificationId);
        return before != null && before.mayHaveDelivered();
    }

    /**
     * The ATTEMPTED record of a send is committed and the send begins; it counts when it is an
     * in-doubt resend. Until it is answered it may deliver: a batch given up meanwhile and read
     * again resends in doubt.
     */
    void attempted(String notificationId, int partition, int attempt, boolean inDoubtResend) {
        pending.put(notificationId, new Pending(partition, attempt, true));
        if (inDoubtResend) {
            count(partition);
        }
    }

    /**
     * The send is over; {@code mayHaveDelivered}: this send may have reached the server (no reply
     * to its data), so the next one may be a second copy. An earlier send that may have delivered
     * was counted by the resend that followed it, so it does not make later sends in doubt again.
     */
    void answered(String notificationId, int attempt, boolean mayHaveDelivered) {
        pending.computeIfPresent(notificationId, (id, before) -> new Pending(before.partition(), attempt, mayHaveDelivered));
    }

    /** The notification's outcome is committed: its request is not handled again. */
    void committed(String notificationId) {
        pending.remove(notificationId);
    }

    /** In-doubt resends in the partitions owned: those read from the results and those made since. */
    long inDoubtResends() {
        return inDoubtResends.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private void count(int partition) {
        AtomicLong resends = inDoubtResends.get(partition);
        if (resends != null) {
            resends.incrementAndGet();
        }
    }
}
