package com.tally.platform.dispatch;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Calls again, with the same key, while the answer says a retry is worth it: for a dispatcher with
 * no saga above it to decide when to ask again. The waits are {@link Backoff#after} (doubling,
 * with jitter derived from the key and the attempt), the attempts at most the backoff's, and no
 * attempt starts that could end after the deadline, so the whole chain ends within it.
 *
 * @param <A> what one call answers; a failed future is a bug in the call, not an answer, and ends the chain
 */
public final class RetryInPlace<A> {

    /** The last answer and how many calls it took; it is still one the predicate retries when the attempts ran out. */
    public record Attempted<A>(A answer, int attempts) {
    }

    private final Backoff backoff;
    private final Duration longestCall;
    private final Duration deadline;
    private final Predicate<? super A> retryable;
    private final BooleanSupplier stopped;

    /**
     * @param longestCall how long one call can take at most: no call starts that could end after the deadline
     * @param retryable   true for an answer worth another call
     * @param stopped     once true no further call starts; the chain is left incomplete, for whoever
     *                    reads its request next to repeat it
     */
    public RetryInPlace(Backoff backoff, Duration longestCall, Duration deadline, Predicate<? super A> retryable, BooleanSupplier stopped) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.longestCall = Objects.requireNonNull(longestCall, "longestCall");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.retryable = Objects.requireNonNull(retryable, "retryable");
        this.stopped = Objects.requireNonNull(stopped, "stopped");
    }

    /** @param call makes attempt number n (from 1) of this chain */
    public CompletableFuture<Attempted<A>> run(String key, IntFunction<CompletableFuture<A>> call) {
        var done = new CompletableFuture<Attempted<A>>();
        attempt(key, call, 1, System.nanoTime() + deadline.toNanos(), done);
        return done;
    }

    private void attempt(String key, IntFunction<CompletableFuture<A>> call, int attempt, long deadlineNanos,
                         CompletableFuture<Attempted<A>> done) {
        if (stopped.getAsBoolean()) {
            return;
        }
        CompletableFuture<A> answered;
        try {
            answered = call.apply(attempt);
        } catch (RuntimeException e) {
            // a call that cannot even be made (a key no header can carry, say) is a bug to look at, not a hang until the deadline
            done.completeExceptionally(e);
            return;
        }
        answered.whenComplete((answer, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            if (!retryable.test(answer) || attempt >= backoff.maxAttempts()) {
                done.complete(new Attempted<>(answer, attempt));
                return;
            }
            Duration wait = backoff.after(key, attempt);
            if (System.nanoTime() + wait.plus(longestCall).toNanos() > deadlineNanos) {
                done.complete(new Attempted<>(answer, attempt));
                return;
            }
            CompletableFuture.runAsync(() -> attempt(key, call, attempt + 1, deadlineNanos, done),
                    CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS));
        });
    }
}
