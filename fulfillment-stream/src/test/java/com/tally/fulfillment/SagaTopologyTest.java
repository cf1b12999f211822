package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.testing.StoreEntries;
import com.tally.schemas.FulfillmentCallbackStatus;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.FulfillmentSaga;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderItem;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.SagaDeadlineKind;
import com.tally.schemas.SagaStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SagaTopologyTest {

    private static final RetryPolicy POLICY = SagaDriver.POLICY;
    private static final String ORDER = "o-1";
    private static final String REQUEST = FulfillmentIds.requestId(ORDER);

    @TempDir
    Path stateDir;

    private SagaDriver t;

    @BeforeEach
    void start() {
        t = new SagaDriver(stateDir);
    }

    @AfterEach
    void close() {
        t.close();
    }

    private List<Integer> attemptsSent() {
        return t.requests.readValuesToList().stream().map(FulfillmentRequested::getAttempt).toList();
    }

    private FulfillmentSaga saga() {
        return t.sagas.get(ORDER);
    }

    @Test
    void aPaidOrderGetsOneRequestWithAnIdDerivedFromTheOrderAlone() {
        t.paid(ORDER);

        List<FulfillmentRequested> sent = t.requests.readValuesToList();
        assertEquals(1, sent.size());
        FulfillmentRequested request = sent.get(0);
        assertEquals(REQUEST, request.getRequestId());
        assertEquals(1, request.getAttempt());
        assertEquals(ORDER, request.getOrderId());
        assertEquals("paid-" + ORDER, request.getCauseEventId());
        assertEquals(List.of(new OrderItem("SKU-1", 2)), request.getItems());
        assertEquals(SagaStatus.OPEN, saga().getStatus());
        assertEquals(t.now().plus(POLICY.ackTimeout()), saga().getDeadline());
        assertEquals(1.0, t.counter("tally.fulfillment.requests"));
        t.advance(RunSaga.TICK);
        assertEquals(1.0, t.registry.get("tally.fulfillment.awaiting").gauge().value(), "one saga waits on its answer");
    }

    @Test
    void aRepeatedOrReplayedPaidEventSendsNothingMore() {
        t.paid(ORDER);
        t.paid(ORDER);
        t.orderBecame(ORDER, OrderStatus.PAYMENT_FAILED, OrderStatus.PAID, "another-paid-event");

        assertEquals(List.of(1), attemptsSent());
    }

    @Test
    void aPaidEventWrittenBeforeOrderEventsCarriedTheOrderOpensNoSaga() {
        t.orderEvents.pipeInput(ORDER, OrderEvent.newBuilder().setEventId("paid-v2").setCauseEventId("charge").setOrderId(ORDER)
                .setFrom(OrderStatus.PENDING).setTo(OrderStatus.PAID).setCause("payment-succeeded").setAt(t.now()).build(), t.now());

        assertTrue(t.requests.isEmpty(), "a request for an order of the old log could ship one refunded since");
        assertNull(saga());
    }

    @Test
    void eventsThatAreNotAPaymentOpenNoSaga() {
        t.orderBecame(ORDER, null, OrderStatus.PENDING, "placed");
        t.orderBecame(ORDER, OrderStatus.PAID, OrderStatus.PAID, "recorded-without-transition");

        assertTrue(t.requests.isEmpty());
        assertNull(saga());
    }

    @Test
    void aTransientFailureIsRetriedAsTheNextAttemptAfterTheBackoffAndNotBefore() {
        t.paid(ORDER);
        t.requests.readValuesToList();
        t.answer(ORDER, 1, FulfillmentOutcome.TRANSIENT_FAILURE, "warehouse answered 503");
        Duration backoff = POLICY.backoffAfter(REQUEST, 1);

        t.advance(backoff.minusSeconds(1));
        assertTrue(t.requests.isEmpty(), "nothing before the backoff is over");
        t.advancePast(Duration.ofSeconds(1));

        List<FulfillmentRequested> sent = t.requests.readValuesToList();
        assertEquals(1, sent.size());
        assertEquals(2, sent.get(0).getAttempt());
        assertEquals(REQUEST, sent.get(0).getRequestId());
        assertEquals(FulfillmentIds.attemptEventId(REQUEST, 1), sent.get(0).getCauseEventId());
        assertEquals(List.of("TRANSIENT_FAILURE"), saga().getAttempts().stream().map(a -> a.getOutcome()).filter(o -> o != null).toList());
        assertEquals(1.0, t.counter("tally.fulfillment.retries"));
    }

    @Test
    void anUnansweredAttemptCountsAsFailedAfterTheAcknowledgementTimeout() {
        t.paid(ORDER);
        t.requests.readValuesToList();

        t.advance(POLICY.ackTimeout().minusSeconds(1));
        assertEquals(SagaDeadlineKind.ANSWER, saga().getDeadlineKind());
        t.advance(Duration.ofSeconds(1));
        assertEquals("NO_ANSWER", saga().getAttempts().get(0).getOutcome());
        t.advancePast(POLICY.backoffAfter(REQUEST, 1));

        assertEquals(List.of(2), attemptsSent());
    }

    @Test
    void theSagaGivesUpOnceAfterItsLastAttempt() {
        t.paid(ORDER);
        for (int attempt = 1; attempt <= POLICY.maxAttempts(); attempt++) {
            t.answer(ORDER, attempt, FulfillmentOutcome.TRANSIENT_FAILURE, "warehouse answered 503");
            t.advancePast(POLICY.backoffAfter(REQUEST, attempt));
        }
        t.advance(Duration.ofHours(2));

        assertEquals(List.of(1, 2, 3), attemptsSent());
        List<FulfillmentResult> verdicts = t.results.readValuesToList();
        assertEquals(1, verdicts.size());
        FulfillmentResult verdict = verdicts.get(0);
        assertEquals(FulfillmentOutcome.GAVE_UP, verdict.getOutcome());
        assertEquals(3, verdict.getAttempt());
        assertEquals(REQUEST, verdict.getRequestId());
        assertTrue(verdict.getReason().contains("warehouse answered 503"), verdict.getReason());
        assertEquals(SagaStatus.GAVE_UP, saga().getStatus());
        assertNull(saga().getDeadline());
        assertEquals(0, StoreEntries.count(t.deadlines));
        assertEquals(1.0, t.counter("tally.fulfillment.gave.up"));
    }

    @Test
    void theSagaReadingBackItsOwnVerdictChangesNothing() {
        t.paid(ORDER);
        for (int attempt = 1; attempt <= POLICY.maxAttempts(); attempt++) {
            t.answer(ORDER, attempt, FulfillmentOutcome.TRANSIENT_FAILURE, "503");
            t.advancePast(POLICY.backoffAfter(REQUEST, attempt));
        }
        FulfillmentResult verdict = t.results.readValue();
        FulfillmentSaga before = saga();

        t.resultsIn.pipeInput(ORDER, verdict);

        assertEquals(before.toString(), saga().toString());
        assertTrue(t.results.isEmpty());
    }

    @Test
    void lateAnswersOfOlderAttemptsAreIgnored() {
        t.paid(ORDER);
        t.answer(ORDER, 1, FulfillmentOutcome.TRANSIENT_FAILURE, "503");
        t.advancePast(POLICY.backoffAfter(REQUEST, 1));
        assertEquals(List.of(1, 2), attemptsSent());

        t.answer(ORDER, 1, FulfillmentOutcome.ACCEPTED, null);
        t.answer(ORDER, 1, FulfillmentOutcome.REJECTED, "out of stock");

        assertEquals(SagaStatus.OPEN, saga().getStatus());
        assertEquals(2, saga().getAttempts().size());
        assertNull(saga().getAttempts().get(1).getOutcome());

        t.answer(ORDER, 2, FulfillmentOutcome.ACCEPTED, null);
        assertEquals(SagaStatus.ACCEPTED, saga().getStatus());
    }

    @Test
    void anAnswerArrivingAfterItsAttemptTimedOutIsIgnored() {
        t.paid(ORDER);
        t.advance(POLICY.ackTimeout());
        t.answer(ORDER, 1, FulfillmentOutcome.ACCEPTED, null);

        assertEquals(SagaStatus.OPEN, saga().getStatus());
        assertEquals("NO_ANSWER", saga().getAttempts().get(0).getOutcome());
    }

    @Test
    void anAcceptedRequestIsNotRetried() {
        t.paid(ORDER);
        t.answer(ORDER, 1, FulfillmentOutcome.ACCEPTED, null);
        t.advance(Duration.ofHours(3));

        assertEquals(List.of(1), attemptsSent());
        assertEquals(SagaStatus.ACCEPTED, saga().getStatus());
        assertEquals(0, StoreEntries.count(t.deadlines));
        assertEquals(1.0, t.counter("tally.fulfillment.attempt.outcomes", "outcome", "ACCEPTED"));
    }

    @Test
    void aRejectionEndsTheSagaWithoutRetryOrVerdict() {
        t.paid(ORDER);
        t.answer(ORDER, 1, FulfillmentOutcome.REJECTED, "422: SKU-1 is discontinued");
        t.advance(Duration.ofHours(3));

        assertEquals(List.of(1), attemptsSent());
        assertTrue(t.results.isEmpty(), "order-stream reads the rejection itself and refunds");
        assertEquals(SagaStatus.REJECTED, saga().getStatus());
    }

    @Test
    void aRefundRequestedWhileARequestIsOpenEndsTheSaga() {
        t.paid(ORDER);
        t.answer(ORDER, 1, FulfillmentOutcome.TRANSIENT_FAILURE, "503");
        t.orderBecame(ORDER, OrderStatus.FULFILLMENT_REQUESTED, OrderStatus.REFUND_REQUESTED, "refund");
        t.advance(Duration.ofHours(3));

        assertEquals(List.of(1), attemptsSent());
        assertTrue(t.results.isEmpty());
        assertEquals(SagaStatus.ENDED, saga().getStatus());
        assertTrue(saga().getDetail().contains("REFUND_REQUESTED"), saga().getDetail());
        assertEquals(0, StoreEntries.count(t.deadlines));
    }

    @Test
    void deadlinesFireWithoutAnyTrafficAndInTheirOrder() {
        t.paid("o-a");
        t.advance(Duration.ofMinutes(1));
        t.paid("o-b");
        t.requests.readValuesToList();

        t.advance(POLICY.ackTimeout());

        assertEquals("NO_ANSWER", t.sagas.get("o-a").getAttempts().get(0).getOutcome());
        assertEquals("NO_ANSWER", t.sagas.get("o-b").getAttempts().get(0).getOutcome());
        assertEquals(2, StoreEntries.count(t.deadlines), "each waits out its backoff");
    }

    @Test
    void eachCallbackIsMappedToOneResultHoweverOftenItIsDelivered() {
        t.paid(ORDER);
        t.answer(ORDER, 1, FulfillmentOutcome.ACCEPTED, null);

        t.callback(ORDER, "wh_shipped", FulfillmentCallbackStatus.SHIPPED);
        t.callback(ORDER, "wh_shipped", FulfillmentCallbackStatus.SHIPPED);
        t.callback(ORDER, "wh_delivered", FulfillmentCallbackStatus.DELIVERED);
        t.callback(ORDER, "wh_delivered", FulfillmentCallbackStatus.DELIVERED);

        List<FulfillmentResult> reported = t.results.readValuesToList();
        assertEquals(List.of(FulfillmentOutcome.SHIPPED, FulfillmentOutcome.DELIVERED),
                reported.stream().map(FulfillmentResult::getOutcome).toList());
        assertEquals(REQUEST, reported.get(0).getRequestId());
        assertNull(reported.get(0).getAttempt(), "a callback answers the request as a whole");
        assertEquals("shipment shp_1", reported.get(0).getReason());
        assertEquals(SagaStatus.DELIVERED, saga().getStatus());
        assertEquals(List.of("wh_shipped", "wh_delivered"), saga().getSeenCallbacks());
    }

    @Test
    void aShipmentReportedBeforeTheAnswerEndsTheRetries() {
        t.paid(ORDER);
        t.callback(ORDER, "wh_shipped", FulfillmentCallbackStatus.SHIPPED);
        t.advance(Duration.ofHours(3));

        assertEquals(List.of(1), attemptsSent());
        assertEquals(SagaStatus.SHIPPED, saga().getStatus());
        assertEquals(0, StoreEntries.count(t.deadlines));
    }

    @Test
    void aCallbackForAnOrderWithoutSagaIsReportedForOrderStreamToRaise() {
        t.callback("o-unknown", "wh_1", FulfillmentCallbackStatus.SHIPPED);
        t.callback("o-unknown", "wh_1", FulfillmentCallbackStatus.SHIPPED);

        List<FulfillmentResult> reported = t.results.readValuesToList();
        assertEquals(1, reported.size());
        assertEquals(FulfillmentOutcome.SHIPPED, reported.get(0).getOutcome());
        assertEquals(SagaStatus.UNKNOWN, t.sagas.get("o-unknown").getStatus());

        t.paid("o-unknown");
        assertEquals(List.of(1), attemptsSent(), "a later payment still opens the saga");
    }

    @Test
    void aCallbackWithAStatusThisReleaseDoesNotKnowIsReportedAsUnknown() {
        t.paid(ORDER);
        t.callback(ORDER, "wh_x", FulfillmentCallbackStatus.UNKNOWN);

        assertEquals(FulfillmentOutcome.UNKNOWN, t.results.readValue().getOutcome());
        assertEquals(SagaStatus.OPEN, saga().getStatus());
    }
}
