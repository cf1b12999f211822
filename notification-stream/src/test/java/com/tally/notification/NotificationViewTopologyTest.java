package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tally.notification.NotificationView.Outcome;
import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view part of the topology: what notification-views holds for an order after the records on its two topics. */
class NotificationViewTopologyTest {

    private static final String ORDER = ViewUpdateTest.ORDER;
    private static final String CONFIRMED = ViewUpdateTest.CONFIRMED;
    private static final String MESSAGE_ID = ViewUpdateTest.MESSAGE_ID;

    @TempDir
    Path stateDir;

    private NotificationDriver t;

    @BeforeEach
    void start() {
        t = new NotificationDriver(stateDir, NotificationRulesTest.OPS);
    }

    @AfterEach
    void close() {
        t.close();
    }

    private void dispatcherWrote(NotificationOutcome outcome, int attempt, boolean inDoubtResend, long seconds) {
        t.resultsIn.pipeInput(ORDER, ViewUpdateTest.result(outcome, attempt, inDoubtResend, null, seconds));
    }

    private NotificationView confirmed() {
        List<NotificationView> shown = t.views.get(ORDER).notifications();
        assertEquals(1, shown.size(), shown.toString());
        return shown.get(0);
    }

    private static NotificationView confirmed(Outcome outcome, int attempts, int inDoubtResends, String messageId, long updatedSeconds) {
        return new NotificationView(CONFIRMED, "order-confirmed", "buyer@example.com", ViewUpdateTest.REQUESTED_AT, outcome, attempts,
                inDoubtResends, messageId, null, ViewUpdateTest.REQUESTED_AT.plusSeconds(updatedSeconds));
    }

    @Test
    void aRequestThenItsAttemptThenItsSendAreEachShown() {
        t.requestsIn.pipeInput(ORDER, ViewUpdateTest.request(ORDER, NotificationKind.ORDER_CONFIRMED));
        assertEquals(confirmed(Outcome.REQUESTED, 0, 0, null, 0), confirmed());

        dispatcherWrote(NotificationOutcome.ATTEMPTED, 1, false, 1);
        assertEquals(confirmed(Outcome.ATTEMPTED, 1, 0, MESSAGE_ID, 1), confirmed());

        dispatcherWrote(NotificationOutcome.SENT, 1, false, 2);
        assertEquals(confirmed(Outcome.SENT, 1, 0, MESSAGE_ID, 2), confirmed());
    }

    @Test
    void anInDoubtResendIsCounted() {
        t.requestsIn.pipeInput(ORDER, ViewUpdateTest.request(ORDER, NotificationKind.ORDER_CONFIRMED));
        dispatcherWrote(NotificationOutcome.ATTEMPTED, 1, false, 1);
        dispatcherWrote(NotificationOutcome.ATTEMPTED, 2, true, 40);
        dispatcherWrote(NotificationOutcome.SENT, 2, false, 41);

        assertEquals(confirmed(Outcome.SENT, 2, 1, MESSAGE_ID, 41), confirmed());
    }

    @Test
    void theOutboxsOwnRequestReachesTheView() {
        t.orderBecame(ORDER, OrderStatus.PENDING, OrderStatus.PAID, "paid-1");

        NotificationView shown = confirmed();
        assertEquals(Outcome.REQUESTED, shown.outcome());
        assertEquals("buyer-o-1@example.com", shown.recipient());
        assertEquals(NotificationDriver.T0, shown.requestedAt());
    }

    @Test
    void anOrderWithNoRecipientIsShownFailedWithWhy() {
        t.orderBecame(ORDER, OrderStatus.PENDING, OrderStatus.PAID, "paid-1", "not-an-address");

        NotificationView shown = confirmed();
        assertEquals(new NotificationView(CONFIRMED, "order-confirmed", null, null, Outcome.FAILED, 0, 0, null, shown.detail(),
                NotificationDriver.T0), shown);
        assertEquals(true, shown.detail().startsWith("notification-no-recipient: order o-1 is owed a order-confirmed e-mail"),
                shown.detail());
    }

    @Test
    void aResultKeyedByAnotherOrderGoesToTheDeadLetterTopicAndTheViewGoesOn() {
        t.resultsIn.pipeInput("o-other", ViewUpdateTest.result(NotificationOutcome.SENT, 1, false, null, 1));
        t.requestsIn.pipeInput(ORDER, ViewUpdateTest.request(ORDER, NotificationKind.ORDER_CONFIRMED));

        assertEquals(1, t.deadLetters.readKeyValuesToList().size());
        assertEquals(null, t.views.get("o-other"));
        assertEquals(Outcome.REQUESTED, confirmed().outcome());
    }

    @Test
    void aResultThatCannotBeReadIsPassedOverAndTheViewGoesOn() {
        t.rawResults.pipeInput(ORDER, "not avro".getBytes(StandardCharsets.UTF_8));
        t.requestsIn.pipeInput(ORDER, ViewUpdateTest.request(ORDER, NotificationKind.ORDER_CONFIRMED));

        // its dead letter is written by the running app's producer, which the TopologyTestDriver does not model
        assertEquals(confirmed(Outcome.REQUESTED, 0, 0, null, 0), confirmed());
    }

    @Test
    void nothingIsShownForAnOrderNothingWasRequestedFor() {
        t.orderBecame(ORDER, null, OrderStatus.PENDING, "placed");

        assertEquals(null, t.views.get(ORDER));
        assertEquals(List.<NotificationResult>of(), t.results.readValuesToList());
    }
}
