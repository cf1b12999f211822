package com.tally.notification;

import com.tally.notification.NotificationView.Outcome;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;
import java.time.Instant;
import java.util.Arrays;

/**
 * The view of an order's notifications after one more record, as a pure function: a request
 * makes an entry REQUESTED; a result moves it on. A result whose request the view has not seen
 * (the outbox's FAILED for an order with no recipient has none) still makes an entry, its kind
 * found from the deterministic ID. The outcome shown is the one of the highest attempt, and an
 * attempt's final outcome (SENT, FAILED) is not undone by a repeat of its ATTEMPTED, so records
 * read again change nothing they should not. Inputs are never changed.
 */
final class ViewUpdate {

    private ViewUpdate() {
    }

    static OrderNotifications apply(OrderNotifications view, ViewInput input) {
        if (input instanceof ViewInput.Request request) {
            return requested(view, request.request());
        }
        return resulted(view, ((ViewInput.Result) input).result());
    }

    private static OrderNotifications requested(OrderNotifications view, NotificationRequested request) {
        NotificationView entry = view.find(request.getNotificationId())
                .map(seen -> new NotificationView(seen.notificationId(), request.getKind(), request.getRecipient(),
                        request.getRequestedAt(), seen.outcome(), seen.attempts(), seen.inDoubtResends(), seen.messageId(),
                        seen.detail(), latest(seen.updatedAt(), request.getRequestedAt())))
                .orElseGet(() -> new NotificationView(request.getNotificationId(), request.getKind(), request.getRecipient(),
                        request.getRequestedAt(), Outcome.REQUESTED, 0, 0, null, null, request.getRequestedAt()));
        return view.with(entry);
    }

    private static OrderNotifications resulted(OrderNotifications view, NotificationResult result) {
        NotificationView seen = view.find(result.getNotificationId())
                .orElseGet(() -> new NotificationView(result.getNotificationId(), kindOf(view.orderId(), result.getNotificationId()),
                        null, null, Outcome.REQUESTED, 0, 0, null, null, result.getAt()));
        Outcome outcome = outcome(result);
        int inDoubtResends = seen.inDoubtResends() + (outcome == Outcome.ATTEMPTED && result.getInDoubtResend() ? 1 : 0);
        int attempts = Math.max(seen.attempts(), result.getAttempt());
        Instant updatedAt = latest(seen.updatedAt(), result.getAt());
        boolean supersedes = outcome != null && (result.getAttempt() > seen.attempts()
                || result.getAttempt() == seen.attempts() && !(seen.outcome().isFinal() && outcome == Outcome.ATTEMPTED));
        if (!supersedes) {
            return view.with(new NotificationView(seen.notificationId(), seen.kind(), seen.recipient(), seen.requestedAt(),
                    seen.outcome(), attempts, inDoubtResends, seen.messageId(), seen.detail(), updatedAt));
        }
        return view.with(new NotificationView(seen.notificationId(), seen.kind(), seen.recipient(), seen.requestedAt(), outcome,
                attempts, inDoubtResends, result.getMessageId() != null ? result.getMessageId() : seen.messageId(),
                result.getDetail(), updatedAt));
    }

    /** Null for an outcome this reader does not know (UNKNOWN: written by a newer dispatcher): it changes no outcome. */
    private static Outcome outcome(NotificationResult result) {
        return switch (result.getOutcome()) {
            case ATTEMPTED -> Outcome.ATTEMPTED;
            case SENT -> Outcome.SENT;
            case FAILED -> Outcome.FAILED;
            case UNKNOWN -> null;
        };
    }

    /** The wire name of the kind whose ID for the order is {@code notificationId}; null when none is. */
    static String kindOf(String orderId, String notificationId) {
        return Arrays.stream(NotificationKind.values())
                .filter(kind -> NotificationIds.of(orderId, kind).equals(notificationId))
                .map(NotificationKind::wireName)
                .findFirst().orElse(null);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b != null && b.isAfter(a) ? b : a;
    }
}
