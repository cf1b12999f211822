package com.tally.notification;

import com.tally.schemas.Alert;
import com.tally.schemas.NotificationRequested;
import java.util.List;
import java.util.Optional;

/**
 * What the outbox decided for one order event, written in one transaction.
 *
 * @param decided  the notification ID to remember for the order, so no later event decides it
 *                 again: requested, or raised as impossible to send; empty when nothing was owed
 * @param requests the e-mail requested (at most one)
 * @param alerts   why an owed e-mail cannot be sent (at most one)
 * @param note     why nothing was requested, for the debug log and the tests; empty when something was
 */
record NotificationDecision(Optional<String> decided, List<NotificationRequested> requests, List<Alert> alerts, String note) {

    static NotificationDecision nothingOwed(String why) {
        return new NotificationDecision(Optional.empty(), List.of(), List.of(), why);
    }

    static NotificationDecision request(NotificationRequested request) {
        return new NotificationDecision(Optional.of(request.getNotificationId()), List.of(request), List.of(), "");
    }

    static NotificationDecision cannotNotify(String notificationId, Alert alert) {
        return new NotificationDecision(Optional.of(notificationId), List.of(), List.of(alert), alert.getDetail());
    }
}
