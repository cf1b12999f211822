package com.tally.notification;

import com.tally.schemas.Alert;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;
import java.util.List;
import java.util.Optional;

/**
 * What the outbox decided for one order event, written in one transaction.
 *
 * @param decided  the notification ID to remember for the order, so no later event decides it
 *                 again: requested, or raised as impossible to send; empty when nothing was owed
 * @param requests the e-mail requested (at most one)
 * @param alerts   why an owed e-mail cannot be sent (at most one)
 * @param results  the FAILED result of an owed e-mail that cannot be sent (at most one, with its
 *                 alert): the notification's record says it failed, as a dispatcher's would
 * @param note     why nothing was requested, for the debug log and the tests; empty when something was
 */
record NotificationDecision(Optional<String> decided, List<NotificationRequested> requests, List<Alert> alerts,
        List<NotificationResult> results, String note) {

    static NotificationDecision nothingOwed(String why) {
        return new NotificationDecision(Optional.empty(), List.of(), List.of(), List.of(), why);
    }

    static NotificationDecision request(NotificationRequested request) {
        return new NotificationDecision(Optional.of(request.getNotificationId()), List.of(request), List.of(), List.of(), "");
    }

    static NotificationDecision cannotNotify(Alert alert, NotificationResult failed) {
        return new NotificationDecision(Optional.of(failed.getNotificationId()), List.of(), List.of(alert), List.of(failed),
                alert.getDetail());
    }
}
