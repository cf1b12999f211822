package com.tally.notification;

import java.time.Instant;

/**
 * One notification of an order as {@code GET /notifications/{orderId}} shows it: what was
 * requested and how far its sending got. Built by {@link ViewUpdate} from the records of
 * notifications.requests and notifications.results.
 *
 * @param kind           the kind's wire name; null only for an ID no kind of the order derives
 * @param recipient      null until the request is seen (a no-recipient FAILED has no request)
 * @param requestedAt    null until the request is seen
 * @param attempts       the highest attempt seen: sends tried, 0 when none was
 * @param inDoubtResends sends that repeated one whose outcome was never recorded: each may have
 *                       delivered a second copy, with the same Message-ID
 * @param messageId      the Message-ID its e-mail is sent with, once an attempt names it
 * @param detail         what the latest result said (why it failed, what to do); null when it said nothing
 * @param updatedAt      the time of the latest record about it
 */
public record NotificationView(String notificationId, String kind, String recipient, Instant requestedAt, Outcome outcome,
        int attempts, int inDoubtResends, String messageId, String detail, Instant updatedAt) {

    /** How far a notification got: requested, a send under way (or in doubt), or its final outcome. */
    public enum Outcome {
        REQUESTED, ATTEMPTED, SENT, FAILED;

        boolean isFinal() {
            return this == SENT || this == FAILED;
        }
    }
}
