package com.tally.notification;

import com.tally.schemas.Alert;
import com.tally.schemas.EventIds;
import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.Severity;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which e-mail an order event owes, as a pure function of the notification IDs already decided
 * for the order, the event and the operations address: a real transition (from != to) to a
 * status a {@link NotificationKind} answers owes that kind once per order; an ID already decided
 * owes nothing more, so a repeated event, a replay or the same transition under a new event ID
 * requests nothing twice. An owed e-mail with nobody to send it to is an alert and a FAILED result,
 * never silence.
 * Every ID derives from the event, so reprocessing derives the same records. Inputs are never
 * changed.
 */
final class NotificationRules {

    static final String NO_RECIPIENT = "notification-no-recipient";

    /**
     * One address with one @, no spaces, and a dotted domain: enough to refuse what no mail server
     * could deliver ("", "n/a", "buyer@", "a b@example.com") before it becomes a request that can only fail.
     */
    private static final Pattern USABLE_ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    private NotificationRules() {
    }

    /**
     * @param decided    the notification IDs already decided for the event's order
     * @param opsAddress the shop's operations address (TALLY_OPS_EMAIL), null or blank when not set
     */
    static NotificationDecision decide(Set<String> decided, OrderEvent event, String opsAddress) {
        if (event.getFrom() == event.getTo()) {
            return NotificationDecision.nothingOwed("order " + event.getOrderId() + ": event recorded without a transition");
        }
        Optional<NotificationKind> owed = NotificationKind.answering(event.getTo());
        if (owed.isEmpty()) {
            return NotificationDecision.nothingOwed("order " + event.getOrderId() + ": no e-mail for the transition to " + event.getTo());
        }
        NotificationKind kind = owed.get();
        String notificationId = NotificationIds.of(event.getOrderId(), kind);
        if (decided.contains(notificationId)) {
            return NotificationDecision.nothingOwed("order " + event.getOrderId() + " already has its " + kind.wireName()
                    + " notification " + notificationId + ": a repeated or replayed event requests nothing");
        }
        if (predatesOrderDetails(event)) {
            // written before order events carried the order (v3), so before notification-stream existed: its first
            // start reads the whole log, and e-mails about orders settled long ago would only confuse their buyers
            return NotificationDecision.nothingOwed("the " + event.getTo() + " event of order " + event.getOrderId()
                    + " predates the order details on orders.events (OrderEvent v3): no e-mail is requested for it");
        }
        String recipient = kind.toOperations() ? opsAddress : event.getCustomerEmail();
        if (recipient == null || !USABLE_ADDRESS.matcher(recipient.strip()).matches()) {
            Alert alert = noRecipient(event, kind, recipient);
            return NotificationDecision.cannotNotify(alert, failed(event, kind, notificationId, alert.getDetail()));
        }
        return NotificationDecision.request(request(event, kind, notificationId, recipient.strip()));
    }

    private static boolean predatesOrderDetails(OrderEvent event) {
        return event.getCustomerEmail() == null && event.getItems() == null && event.getAmountMinor() == null
                && event.getCurrency() == null;
    }

    private static NotificationRequested request(OrderEvent event, NotificationKind kind, String notificationId, String recipient) {
        return NotificationRequested.newBuilder()
                .setEventId(EventIds.derived(event.getEventId(), "notification/" + kind.wireName()))
                .setCauseEventId(event.getEventId())
                .setNotificationId(notificationId)
                .setOrderId(event.getOrderId())
                .setKind(kind.wireName())
                .setRecipient(recipient)
                .setRequestedAt(event.getAt())
                .setAmountMinor(event.getAmountMinor() == null ? 0L : event.getAmountMinor())
                .setCurrency(event.getCurrency() == null ? "" : event.getCurrency())
                .setItems(event.getItems() == null ? new ArrayList<>() : new ArrayList<>(event.getItems()))
                .setStatus(event.getTo().name())
                .build();
    }

    /**
     * Attempt 0: no send was tried. Its event ID derives from the order event's, like the alert's, so
     * reprocessing writes the same record.
     */
    private static NotificationResult failed(OrderEvent event, NotificationKind kind, String notificationId, String why) {
        return NotificationResult.newBuilder()
                .setEventId(EventIds.derived(event.getEventId(), NO_RECIPIENT + "/result/" + kind.wireName()))
                .setCauseEventId(event.getEventId())
                .setNotificationId(notificationId)
                .setOrderId(event.getOrderId())
                .setOutcome(NotificationOutcome.FAILED)
                .setDetail(NO_RECIPIENT + ": " + why)
                .setAt(event.getAt())
                .setAttempt(0)
                .setMessageId(null)
                .setInDoubtResend(false)
                .build();
    }

    private static Alert noRecipient(OrderEvent event, NotificationKind kind, String recipient) {
        String detail = kind.toOperations()
                ? "order " + event.getOrderId() + " needs review, but no operations address is set to tell: set TALLY_OPS_EMAIL"
                        + " for the next ones, and look at this order (GET /orders/" + event.getOrderId() + " on order-stream)"
                : "order " + event.getOrderId() + " is owed a " + kind.wireName() + " e-mail, but its customer e-mail address "
                        + (recipient == null ? "is missing" : "'" + recipient + "' is not usable")
                        + ": contact the customer another way; no e-mail is sent for it";
        return Alert.newBuilder()
                .setEventId(EventIds.derived(event.getEventId(), NO_RECIPIENT + "/" + kind.wireName()))
                .setCauseEventId(event.getEventId())
                .setKind(NO_RECIPIENT)
                .setSeverity(Severity.WARNING)
                .setSubject(event.getOrderId())
                .setDetail(detail)
                .setAt(event.getAt())
                .build();
    }
}
