package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.fulfillment.RefundAnswer.Kind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryInPlaceTest {

    private static final RefundAnswer RETRY = new RefundAnswer(Kind.RETRY, "the processor answered 500", null);
    private static final RefundAnswer REQUESTED = new RefundAnswer(Kind.REQUESTED, null, "re_1");
    private static final RefundAnswer REFUSED = new RefundAnswer(Kind.REFUSED, "the processor refused the refund with 402: no", null);
    private static final RetryPolicy TINY = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofMillis(4), 4);

    private static RetryInPlace.Attempted run(RetryInPlace retries, List<RefundAnswer> answers, AtomicInteger calls) throws Exception {
        var queue = new ArrayDeque<>(answers);
        return retries.run("refund-pi_1", () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(queue.size() > 1 ? queue.poll() : queue.peek());
        }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void callsAgainUntilAnAnswerIsFinal() throws Exception {
        var calls = new AtomicInteger();
        var attempted = run(new RetryInPlace(TINY, Duration.ofMillis(100), Duration.ofSeconds(5), () -> false),
                List.of(RETRY, RETRY, REQUESTED), calls);
        assertEquals(new RetryInPlace.Attempted(REQUESTED, 3), attempted);
        assertEquals(3, calls.get());
        assertFalse(attempted.exhausted());
    }

    @Test
    void aRefusalIsNotRetried() throws Exception {
        var calls = new AtomicInteger();
        assertEquals(new RetryInPlace.Attempted(REFUSED, 1),
                run(new RetryInPlace(TINY, Duration.ofMillis(100), Duration.ofSeconds(5), () -> false), List.of(REFUSED), calls));
        assertEquals(1, calls.get());
    }

    @Test
    void stopsAtTheLastAttempt() throws Exception {
        var calls = new AtomicInteger();
        var attempted = run(new RetryInPlace(TINY, Duration.ofMillis(100), Duration.ofSeconds(5), () -> false), List.of(RETRY), calls);
        assertEquals(new RetryInPlace.Attempted(RETRY, 4), attempted);
        assertTrue(attempted.exhausted());
        assertEquals(4, calls.get());
    }

    @Test
    void startsNoAttemptThatCouldEndAfterTheDeadline() throws Exception {
        var calls = new AtomicInteger();
        // each further attempt needs its wait plus a call timeout of 1 s: more than the deadline leaves
        var attempted = run(new RetryInPlace(TINY, Duration.ofSeconds(1), Duration.ofMillis(500), () -> false), List.of(RETRY), calls);
        assertEquals(new RetryInPlace.Attempted(RETRY, 1), attempted);
        assertEquals(1, calls.get());
    }

    @Test
    void aStoppedRetryStartsNoCall() {
        var calls = new AtomicInteger();
        var chain = new RetryInPlace(TINY, Duration.ofMillis(100), Duration.ofSeconds(5), () -> true)
                .run("refund-pi_1", () -> {
                    calls.incrementAndGet();
                    return CompletableFuture.completedFuture(REQUESTED);
                });
        assertFalse(chain.isDone());
        assertEquals(0, calls.get());
    }

    @Test
    void aCallThatCannotBeMadeFailsTheChainAtOnce() {
        var chain = new RetryInPlace(TINY, Duration.ofMillis(100), Duration.ofSeconds(5), () -> false).run("refund-pi_1", () -> {
            throw new IllegalArgumentException("invalid header value");
        });
        assertTrue(chain.isCompletedExceptionally());
    }

    @Test
    void theDefaultBackoffIsDeterministicJitteredAndBoundedFarInsideStripesKeyLifetime() {
        var config = RefundConfig.fromEnv(com.tally.platform.Env.of(java.util.Map.of(RefundConfig.API_KEY, "sk_test_1")));
        RetryPolicy retry = config.retry();
        for (int attempt = 1; attempt < retry.maxAttempts(); attempt++) {
            Duration wait = retry.backoffAfter("refund-pi_1", attempt);
            assertEquals(wait, retry.backoffAfter("refund-pi_1", attempt), "the same refund and attempt wait the same");
            long full = Math.min(1_000L << (attempt - 1), 60_000L);
            assertTrue(wait.toMillis() >= full / 2 && wait.toMillis() <= full, attempt + ": " + wait);
        }
        assertTrue(!retry.backoffAfter("refund-pi_1", 3).equals(retry.backoffAfter("refund-pi_2", 3))
                || !retry.backoffAfter("refund-pi_1", 4).equals(retry.backoffAfter("refund-pi_2", 4)), "refunds that failed together spread out");
        // 8 calls of 10 s and waits of 1+2+4+8+16+32+60 s
        assertEquals(Duration.ofSeconds(80 + 123), config.retryBudget());
    }
}
