package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.tally.schemas.FulfillmentOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract of docs/WAREHOUSE.md, answer by answer: given the warehouse's status and body, or a failed call, expect an outcome. */
class WarehouseAnswerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202})
    void aSuccessIsAcceptedWithNoReason(int status) {
        assertEquals(new WarehouseAnswer(FulfillmentOutcome.ACCEPTED, null), WarehouseAnswer.ofResponse(status, "{\"shipmentId\":\"shp_1\"}"));
    }

    @Test
    void aSuccessWithNoBodyIsAcceptedToo() {
        assertEquals(FulfillmentOutcome.ACCEPTED, WarehouseAnswer.ofResponse(204, "").outcome());
    }

    @Test
    void aClientErrorIsARejectionWithTheWarehousesReasonAndStatus() {
        var answer = WarehouseAnswer.ofResponse(422, "{\"reason\":\"SKU-9 is discontinued\"}");

        assertEquals(new WarehouseAnswer(FulfillmentOutcome.REJECTED, "the warehouse rejected the request with 422: SKU-9 is discontinued"),
                answer);
    }

    @Test
    void aPlainTextReasonIsKeptAsItIs() {
        assertEquals("the warehouse rejected the request with 400: no such address",
                WarehouseAnswer.ofResponse(400, "  no such address\n").reason());
    }

    @Test
    void aRejectionWithoutAReasonSaysSo() {
        assertEquals(new WarehouseAnswer(FulfillmentOutcome.REJECTED, "the warehouse rejected the request with 410 and gave no reason"),
                WarehouseAnswer.ofResponse(410, ""));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404, 405})
    void answersThatBlameTheCallNotTheOrderAreTransientSoNoOrderIsRefundedForThem(int status) {
        var answer = WarehouseAnswer.ofResponse(status, "nope");

        assertEquals(FulfillmentOutcome.TRANSIENT_FAILURE, answer.outcome());
        assertTrue(answer.reason().contains("TALLY_FULFILLMENT_URL"), answer.reason());
    }

    @Test
    void jsonWithoutAReasonIsKeptWholeAsTheReason() {
        assertEquals("the warehouse rejected the request with 400: {\"error\":\"bad sku\"}",
                WarehouseAnswer.ofResponse(400, "{\"error\":\"bad sku\"}").reason());
    }

    @Test
    void aLongReasonIsCutShort() {
        String reason = WarehouseAnswer.ofResponse(400, "x".repeat(5_000)).reason();

        assertEquals("the warehouse rejected the request with 400: ".length() + WarehouseAnswer.MAX_REASON_LENGTH + 1, reason.length());
        assertEquals('…', reason.charAt(reason.length() - 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409, 425, 429})
    void theClientErrorsThatMeanTryAgainAreTransient(int status) {
        assertEquals(FulfillmentOutcome.TRANSIENT_FAILURE, WarehouseAnswer.ofResponse(status, "").outcome());
    }

    @Test
    void aConflictSaysTheSameKeyIsStillBeingProcessed() {
        assertEquals(new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE,
                        "the warehouse answered 409 (a request with this key is still being processed): busy"),
                WarehouseAnswer.ofResponse(409, "{\"reason\":\"busy\"}"));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void aServerErrorIsTransientWithItsStatus(int status) {
        var answer = WarehouseAnswer.ofResponse(status, "down for maintenance");

        assertEquals(new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, "the warehouse answered " + status + ": down for maintenance"),
                answer);
    }

    @Test
    void anAnswerTheContractDoesNotAllowIsTransientAndPointsAtTheUrl() {
        var answer = WarehouseAnswer.ofResponse(302, "");

        assertEquals(FulfillmentOutcome.TRANSIENT_FAILURE, answer.outcome());
        assertEquals("the warehouse answered 302, which docs/WAREHOUSE.md does not allow: check that TALLY_FULFILLMENT_URL is the"
                + " warehouse's fulfillment endpoint", answer.reason());
    }

    @Test
    void noAnswerInTimeIsTransientAndSaysHowLongItWaited() {
        assertEquals(new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, "no answer from the warehouse within PT10S"),
                WarehouseAnswer.ofFailure(new CompletionException(new HttpTimeoutException("request timed out")), TIMEOUT));
        assertEquals(new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, "no answer from the warehouse within PT10S"),
                WarehouseAnswer.ofFailure(new TimeoutException(), TIMEOUT));
    }

    @Test
    void noConnectionIsTransient() {
        assertEquals(new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, "could not connect to the warehouse within PT10S"),
                WarehouseAnswer.ofFailure(new HttpConnectTimeoutException("connect timed out"), TIMEOUT));
        assertEquals(new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, "could not connect to the warehouse: Connection refused"),
                WarehouseAnswer.ofFailure(new CompletionException(new ConnectException("Connection refused")), TIMEOUT));
        assertEquals(new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, "could not connect to the warehouse (ConnectException)"),
                WarehouseAnswer.ofFailure(new ConnectException(), TIMEOUT));
    }

    @Test
    void anyOtherFailedCallIsTransientWithWhatFailed() {
        assertEquals(new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, "the call to the warehouse failed: connection reset"),
                WarehouseAnswer.ofFailure(new IOException("connection reset"), TIMEOUT));
    }

    @Test
    void theReasonInABodyIsNullWhenTheBodySaysNothing() {
        assertNull(WarehouseAnswer.reasonIn(null));
        assertNull(WarehouseAnswer.reasonIn("  "));
        assertEquals("{\"reason\":\"\"}", WarehouseAnswer.reasonIn("{\"reason\":\"\"}"));
    }
}
