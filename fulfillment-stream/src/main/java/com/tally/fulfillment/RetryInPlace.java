package com.tally.fulfillment;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Calls again, with the same key, while the answer says a retry is worth it: for a dispatcher
 * with no saga above it to decide when to ask again. The waits are {@link RetryPolicy#backoffAfter}
 * (doubling, with jitter derived from the key and the attempt), the attempts at most the policy's,
 * and no attempt starts that could end after the deadline, so the whole chain ends within it.
 */
final class RetryInPlace {

    /** The last answer and how many calls it took; {@code exhausted} when it still said retry. */
    record Attempted(RefundAnswer answer, int attempts) {
        boolean exhausted() {
            return answer.kind() == RefundAnswer.Kind.RETRY;
        }
    }

    private final RetryPolicy policy;
    private final Duration callTimeout;
    private final Duration deadline;
    private final BooleanSupplier stopped;

    /**
     * @param stopped once true no further call starts; the chain is left incomplete, for whoever
     *                reads its request next to repeat it
     */
    RetryInPlace(RetryPolicy policy, Duration callTimeout, Duration deadline, BooleanSupplier stopped) {
        this.policy = policy;
        this.callTimeout = callTimeout;
        this.deadline = deadline;
        this.stopped = stopped;
    }

    CompletableFuture<Attempted> run(String key, Supplier<CompletableFuture<RefundAnswer>> call) {
        var done = new CompletableFuture<Attempted>();
        attempt(key, call, 1, System.nanoTime() + deadline.toNanos(), done);
        return done;
    }

    private void attempt(String key, Supplier<CompletableFuture<RefundAnswer>> call, int attempt, long deadlineNanos,
                         CompletableFuture<Attempted> done) {
        if (stopped.getAsBoolean()) {
            return;
        }
        CompletableFuture<RefundAnswer> answered;
        try {
            answered = call.get();
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
            if (answer.kind() != RefundAnswer.Kind.RETRY || attempt >= policy.maxAttempts()) {
                done.complete(new Attempted(answer, attempt));
                return;
            }
            Duration wait = policy.backoffAfter(key, attempt);
            if (System.nanoTime() + wait.plus(callTimeout).toNanos() > deadlineNanos) {
                done.complete(new Attempted(answer, attempt));
                return;
            }
            CompletableFuture.runAsync(() -> attempt(key, call, attempt + 1, deadlineNanos, done),
                    CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS));
        });
    }
}
