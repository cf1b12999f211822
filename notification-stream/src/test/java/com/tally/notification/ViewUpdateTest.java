package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tally.notification.NotificationView.Outcome;
import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.OrderItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The view of an order's notifications, one record at a time: given a view, when a record, expect the next view. */
class ViewUpdateTest {

    static final String ORDER = "o-1";
    static final Instant REQUESTED_AT = Instant.parse("2026-12-02T10:00:00Z");
    static final String CONFIRMED = NotificationIds.of(ORDER, NotificationKind.ORDER_CONFIRMED);
    static final String MESSAGE_ID = "<" + CONFIRMED + "@tally>";

    static NotificationRequested request(String orderId, NotificationKind kind) {
        return NotificationRequested.newBuilder()
                .setEventId("req-" + kind.wireName())
                .setCauseEventId("order-event")
                .setNotificationId(NotificationIds.of(orderId, kind))
                .setOrderId(orderId)
                .setKind(kind.wireName())
                .setRecipient("buyer@example.com")
                .setRequestedAt(REQUESTED_AT)
                .setAmountMinor(4990L)
                .setCurrency("EUR")
                .setItems(new ArrayList<>(List.of(new OrderItem("SKU-1", 1))))
                .setStatus(kind.target().name())
                .build();
    }

    /** A result of the order-confirmed notification of {@link #ORDER}, {@code seconds} after it was requested. */
    static NotificationResult result(NotificationOutcome outcome, int attempt, boolean inDoubtResend, String detail, long seconds) {
        return NotificationResult.newBuilder()
                .setEventId("res-" + outcome + "-" + attempt)
                .setCauseEventId("req-order-confirmed")
                .setNotificationId(CONFIRMED)
                .setOrderId(ORDER)
                .setOutcome(outcome)
                .setDetail(detail)
                .setAt(REQUESTED_AT.plusSeconds(seconds))
                .setAttempt(attempt)
                .setMessageId(outcome == NotificationOutcome.ATTEMPTED ? MESSAGE_ID : null)
                .setInDoubtResend(inDoubtResend)
                .build();
    }

    private static OrderNotifications after(Object... records) {
        OrderNotifications view = OrderNotifications.none(ORDER);
        for (Object record : records) {
            view = ViewUpdate.apply(view, record instanceof NotificationRequested r ? new ViewInput.Request(r)
                    : new ViewInput.Result((NotificationResult) record));
        }
        return view;
    }

    private static NotificationView confirmed(Outcome outcome, int attempts, int inDoubtResends, String messageId, String detail,
            long updatedSeconds) {
        return new NotificationView(CONFIRMED, "order-confirmed", "buyer@example.com", REQUESTED_AT, outcome, attempts,
                inDoubtResends, messageId, detail, REQUESTED_AT.plusSeconds(updatedSeconds));
    }

    @Test
    void aRequestIsShownRequestedWithNoAttempt() {
        OrderNotifications view = after(request(ORDER, NotificationKind.ORDER_CONFIRMED));

        assertEquals(new OrderNotifications(ORDER, List.of(confirmed(Outcome.REQUESTED, 0, 0, null, null, 0))), view);
    }

    @Test
    void anAttemptThenItsSendIsShownAttemptedThenSent() {
        var requested = request(ORDER, NotificationKind.ORDER_CONFIRMED);
        var attempted = result(NotificationOutcome.ATTEMPTED, 1, false, null, 1);
        var sent = result(NotificationOutcome.SENT, 1, false, null, 2);

        assertEquals(List.of(confirmed(Outcome.ATTEMPTED, 1, 0, MESSAGE_ID, null, 1)), after(requested, attempted).notifications());
        assertEquals(List.of(confirmed(Outcome.SENT, 1, 0, MESSAGE_ID, null, 2)), after(requested, attempted, sent).notifications());
    }

    @Test
    void anInDoubtResendIsCountedAndTheHighestAttemptShown() {
        OrderNotifications view = after(request(ORDER, NotificationKind.ORDER_CONFIRMED),
                result(NotificationOutcome.ATTEMPTED, 1, false, null, 1),
                result(NotificationOutcome.ATTEMPTED, 2, true, null, 30),
                result(NotificationOutcome.SENT, 2, false, null, 31));

        assertEquals(List.of(confirmed(Outcome.SENT, 2, 1, MESSAGE_ID, null, 31)), view.notifications());
    }

    @Test
    void aFailureShowsWhatItsResultSaid() {
        OrderNotifications view = after(request(ORDER, NotificationKind.ORDER_CONFIRMED),
                result(NotificationOutcome.ATTEMPTED, 1, false, null, 1),
                result(NotificationOutcome.FAILED, 1, false, "550 no such mailbox: correct the address", 2));

        assertEquals(List.of(confirmed(Outcome.FAILED, 1, 0, MESSAGE_ID, "550 no such mailbox: correct the address", 2)),
                view.notifications());
    }

    @Test
    void anAttemptReadAgainAfterItsOutcomeDoesNotUndoIt() {
        var attempted = result(NotificationOutcome.ATTEMPTED, 1, false, null, 1);

        OrderNotifications view = after(request(ORDER, NotificationKind.ORDER_CONFIRMED), attempted,
                result(NotificationOutcome.SENT, 1, false, null, 2), attempted);

        assertEquals(List.of(confirmed(Outcome.SENT, 1, 0, MESSAGE_ID, null, 2)), view.notifications());
    }

    @Test
    void aFailedResultWithNoRequestMakesAnEntryWithTheKindItsIdDerivesFrom() {
        var noRecipient = result(NotificationOutcome.FAILED, 0, false, "notification-no-recipient: …", 0);

        OrderNotifications view = after(noRecipient);

        assertEquals(List.of(new NotificationView(CONFIRMED, "order-confirmed", null, null, Outcome.FAILED, 0, 0, null,
                "notification-no-recipient: …", REQUESTED_AT)), view.notifications());
    }

    @Test
    void aResultBeforeItsRequestKeepsItsOutcomeAndTakesTheRequestsDetails() {
        OrderNotifications view = after(result(NotificationOutcome.ATTEMPTED, 1, false, null, 1),
                request(ORDER, NotificationKind.ORDER_CONFIRMED));

        assertEquals(List.of(confirmed(Outcome.ATTEMPTED, 1, 0, MESSAGE_ID, null, 1)), view.notifications());
    }

    @Test
    void notificationsKeepTheOrderTheyWereFirstSeenIn() {
        OrderNotifications view = after(request(ORDER, NotificationKind.PAYMENT_FAILED), request(ORDER, NotificationKind.ORDER_CONFIRMED),
                result(NotificationOutcome.ATTEMPTED, 1, false, null, 1));

        assertEquals(List.of("payment-failed", "order-confirmed"), view.notifications().stream().map(NotificationView::kind).toList());
    }

    @Test
    void aRequestReadAgainChangesNothing() {
        var requested = request(ORDER, NotificationKind.ORDER_CONFIRMED);
        var attempted = result(NotificationOutcome.ATTEMPTED, 1, false, null, 1);

        assertEquals(after(requested, attempted), after(requested, attempted, requested));
    }

    @Test
    void anOutcomeThisReaderDoesNotKnowChangesNoOutcome() {
        OrderNotifications view = after(request(ORDER, NotificationKind.ORDER_CONFIRMED),
                result(NotificationOutcome.ATTEMPTED, 1, false, null, 1),
                result(NotificationOutcome.UNKNOWN, 1, false, "a newer dispatcher's outcome", 2));

        assertEquals(List.of(confirmed(Outcome.ATTEMPTED, 1, 0, MESSAGE_ID, null, 2)), view.notifications());
    }

    @Test
    void anIdNoKindOfTheOrderDerivesIsShownWithoutAKind() {
        assertEquals(null, ViewUpdate.kindOf(ORDER, NotificationIds.of("o-2", NotificationKind.SHIPPED)));
        assertEquals("shipped", ViewUpdate.kindOf("o-2", NotificationIds.of("o-2", NotificationKind.SHIPPED)));
    }

    @Test
    void inputIsNeverMutated() {
        var requested = request(ORDER, NotificationKind.ORDER_CONFIRMED);
        OrderNotifications before = after(requested);
        String requestBefore = requested.toString();

        OrderNotifications next = ViewUpdate.apply(before, new ViewInput.Result(result(NotificationOutcome.SENT, 1, false, null, 2)));

        assertEquals(after(requested), before);
        assertEquals(requestBefore, requested.toString());
        assertEquals(Outcome.SENT, next.notifications().get(0).outcome());
    }
}
