package com.tally.fulfillment;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** How a failed call to an outside system (the warehouse, the payment processor) is told in a result's reason. */
final class CallFailures {

    private CallFailures() {
    }

    /**
     * Why a call got no answer, for the reason of a result worth another attempt.
     *
     * @param who       whom the call was for, e.g. "the warehouse"
     * @param refusedAt whom a refused connection names, e.g. "the processor at TALLY_PROCESSOR_API_URL"
     */
    static String noAnswer(Throwable failure, Duration timeout, String who, String refusedAt) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "could not connect to " + who + " within " + timeout;
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "no answer from " + who + " within " + timeout;
        }
        if (cause instanceof ConnectException) {
            return "could not connect to " + refusedAt + detail(cause);
        }
        if (cause instanceof IOException) {
            return "the call to " + who + " failed" + detail(cause);
        }
        return "the call to " + who + " failed: " + cause;
    }

    /** The JDK's HTTP client often throws with no message: name the failure then, or the cause that has one. */
    static String detail(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return ": " + c.getMessage();
            }
        }
        return " (" + cause.getClass().getSimpleName() + ")";
    }
}
