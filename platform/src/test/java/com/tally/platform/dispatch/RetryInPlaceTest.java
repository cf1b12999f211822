package com.tally.platform.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryInPlaceTest {

    private static final String RETRY = "retry";
    private static final String DONE = "done";
    private static final String REFUSED = "refused";
    private static final Backoff TINY = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4), 4);

    private static RetryInPlace<String> retries(Duration longestCall, Duration deadline) {
        return new RetryInPlace<>(TINY, longestCall, deadline, RETRY::equals, () -> false);
    }

    /** Runs the chain on calls answering {@code answers} in turn (the last one for ever); {@code calls} gets each attempt's number. */
    private static RetryInPlace.Attempted<String> run(RetryInPlace<String> retries, List<String> answers, List<Integer> calls) throws Exception {
        var queue = new ArrayDeque<>(answers);
        return retries.run("req-1", attempt -> {
            calls.add(attempt);
            return CompletableFuture.completedFuture(queue.size() > 1 ? queue.poll() : queue.peek());
        }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void callsAgainUntilAnAnswerIsFinalNumberingTheAttempts() throws Exception {
        var calls = new ArrayList<Integer>();
        assertEquals(new RetryInPlace.Attempted<>(DONE, 3),
                run(retries(Duration.ofMillis(100), Duration.ofSeconds(5)), List.of(RETRY, RETRY, DONE), calls));
        assertEquals(List.of(1, 2, 3), calls);
    }

    @Test
    void anAnswerThatIsNotRetryableIsNotRetried() throws Exception {
        var calls = new ArrayList<Integer>();
        assertEquals(new RetryInPlace.Attempted<>(REFUSED, 1),
                run(retries(Duration.ofMillis(100), Duration.ofSeconds(5)), List.of(REFUSED), calls));
        assertEquals(List.of(1), calls);
    }

    @Test
    void stopsAtTheLastAttemptWithTheAnswerStillRetryable() throws Exception {
        var calls = new ArrayList<Integer>();
        assertEquals(new RetryInPlace.Attempted<>(RETRY, 4), run(retries(Duration.ofMillis(100), Duration.ofSeconds(5)), List.of(RETRY), calls));
        assertEquals(4, calls.size());
    }

    @Test
    void startsNoAttemptThatCouldEndAfterTheDeadline() throws Exception {
        var calls = new ArrayList<Integer>();
        // each further attempt needs its wait plus a call of 1 s: more than the deadline leaves
        assertEquals(new RetryInPlace.Attempted<>(RETRY, 1), run(retries(Duration.ofSeconds(1), Duration.ofMillis(500)), List.of(RETRY), calls));
        assertEquals(1, calls.size());
    }

    @Test
    void aStoppedRetryStartsNoCall() {
        var calls = new ArrayList<Integer>();
        var chain = new RetryInPlace<String>(TINY, Duration.ofMillis(100), Duration.ofSeconds(5), RETRY::equals, () -> true)
                .run("req-1", attempt -> {
                    calls.add(attempt);
                    return CompletableFuture.completedFuture(DONE);
                });
        assertFalse(chain.isDone());
        assertEquals(List.of(), calls);
    }

    @Test
    void aCallThatCannotBeMadeFailsTheChainAtOnce() {
        var chain = retries(Duration.ofMillis(100), Duration.ofSeconds(5)).run("req-1", attempt -> {
            throw new IllegalArgumentException("invalid header value");
        });
        assertTrue(chain.isCompletedExceptionally());
    }
}
