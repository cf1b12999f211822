package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.fulfillment.RefundAnswer.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefundAnswerTest {

    private static final String STRIPE_ERROR = "{\"error\":{\"message\":\"Charge ch_1 has already been refunded.\","
            + "\"type\":\"invalid_request_error\",\"code\":\"charge_already_refunded\"}}";

    @ParameterizedTest
    @ValueSource(ints = {200, 201})
    void aSuccessIsRequestedWithStripesRefundId(int status) {
        var answer = RefundAnswer.ofResponse(status, "{\"id\":\"re_3Ab\",\"object\":\"refund\",\"status\":\"pending\"}");
        assertEquals(new RefundAnswer(Kind.REQUESTED, null, "re_3Ab"), answer);
    }

    @Test
    void aSuccessWithoutABodyIsStillRequested() {
        assertEquals(new RefundAnswer(Kind.REQUESTED, null, null), RefundAnswer.ofResponse(200, ""));
        assertEquals(new RefundAnswer(Kind.REQUESTED, null, null), RefundAnswer.ofResponse(200, "not json"));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 402, 404, 422})
    void anotherClientErrorIsRefusedWithStripesMessage(int status) {
        assertEquals(new RefundAnswer(Kind.REFUSED, "the processor refused the refund with " + status
                + ": Charge ch_1 has already been refunded.", null), RefundAnswer.ofResponse(status, STRIPE_ERROR));
    }

    @Test
    void aRefusalWithoutAMessageSaysSo() {
        assertEquals(new RefundAnswer(Kind.REFUSED, "the processor refused the refund with 402 and gave no message", null),
                RefundAnswer.ofResponse(402, null));
        assertEquals("the processor refused the refund with 400: plain words", RefundAnswer.ofResponse(400, " plain words ").reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 409, 500, 502, 503})
    void rateLimitsConflictsAndServerErrorsAreRetried(int status) {
        var answer = RefundAnswer.ofResponse(status, STRIPE_ERROR);
        assertEquals(Kind.RETRY, answer.kind());
        assertTrue(answer.reason().startsWith("the processor answered " + status), answer.reason());
        assertTrue(answer.reason().endsWith(": Charge ch_1 has already been refunded."), answer.reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void aKeyTheProcessorRefusesIsRetriedAndNamesTheVariable(int status) {
        var answer = RefundAnswer.ofResponse(status, "{\"error\":{\"message\":\"Invalid API Key provided: sk_test_***\"}}");
        assertEquals(Kind.RETRY, answer.kind());
        assertEquals("the processor answered " + status + ": it does not accept Tally's API key for refunds, which no refund causes:"
                + " check TALLY_PROCESSOR_API_KEY (a secret or restricted key allowed to write refunds): Invalid API Key provided: sk_test_***",
                answer.reason());
    }

    @Test
    void aRedirectIsRetriedAndNamesTheUrlVariable() {
        var answer = RefundAnswer.ofResponse(302, null);
        assertEquals(Kind.RETRY, answer.kind());
        assertTrue(answer.reason().contains("TALLY_PROCESSOR_API_URL"), answer.reason());
    }

    @Test
    void noAnswerIsRetried() {
        Duration timeout = Duration.ofSeconds(3);
        assertEquals(new RefundAnswer(Kind.RETRY, "no answer from the processor within PT3S", null),
                RefundAnswer.ofFailure(new CompletionException(new HttpTimeoutException("request timed out")), timeout));
        assertEquals(new RefundAnswer(Kind.RETRY, "no answer from the processor within PT3S", null),
                RefundAnswer.ofFailure(new TimeoutException(), timeout));
        assertEquals(new RefundAnswer(Kind.RETRY, "could not connect to the processor at TALLY_PROCESSOR_API_URL: Connection refused", null),
                RefundAnswer.ofFailure(new CompletionException(new ConnectException("Connection refused")), timeout));
        assertEquals(new RefundAnswer(Kind.RETRY, "the call to the processor failed (IOException)", null),
                RefundAnswer.ofFailure(new IOException(), timeout));
    }

    @Test
    void aLongMessageIsCut() {
        String message = RefundAnswer.messageIn("x".repeat(1_000));
        assertEquals(RefundAnswer.MAX_REASON_LENGTH + 1, message.length());
        assertNull(RefundAnswer.messageIn("  "));
    }
}
