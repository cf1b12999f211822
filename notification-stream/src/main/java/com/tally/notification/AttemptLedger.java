package com.tally.notification;

import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the dispatcher knows of earlier sends: per notification whose request may still be
 * handled, the last attempt's number and whether some send of it may have delivered, and how many
 * in-doubt resends {@code notifications.results} holds. Filled at start from the results
 * ({@link #apply}, in their order), then kept up by the dispatcher's own sends.
 *
 * <p>A notification with an outcome on the topic is forgotten: its request's offset committed with
 * that outcome, so the request is not handled again. One this process sent stays known (a few
 * dozen bytes each) until the next start: its outcome commits with the batch after the send, and
 * a batch read again (an aborted transaction) must resend it as in doubt.
 */
final class AttemptLedger {

    /** @param mayHaveDelivered true once any send of it may have reached the server: the next send may be a second copy */
    record Pending(int lastAttempt, boolean mayHaveDelivered) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong inDoubtResends = new AtomicLong();

    /** One result from {@code notifications.results}, in the topic's order. */
    void apply(NotificationResult result) {
        if (result.getOutcome() == NotificationOutcome.ATTEMPTED) {
            // an attempt with no later outcome: the dispatcher stopped between it and its outcome, so it may have been sent
            pending.merge(result.getNotificationId(), new Pending(result.getAttempt(), true),
                    (before, now) -> new Pending(Math.max(before.lastAttempt(), now.lastAttempt()), true));
            if (result.getInDoubtResend()) {
                inDoubtResends.incrementAndGet();
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
    void attempted(String notificationId, int attempt, boolean inDoubtResend) {
        pending.put(notificationId, new Pending(attempt, true));
        if (inDoubtResend) {
            inDoubtResends.incrementAndGet();
        }
    }

    /**
     * The send is over. {@code mayHaveDelivered}: this send, or one before it, may have reached the
     * server; every later send of the notification is then in doubt.
     */
    void answered(String notificationId, int attempt, boolean mayHaveDelivered) {
        pending.put(notificationId, new Pending(attempt, mayHaveDelivered));
    }

    /** In-doubt resends on the topic: those read at start and those committed since. */
    long inDoubtResends() {
        return inDoubtResends.get();
    }
}
