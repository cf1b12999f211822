package com.tally.fulfillment;

import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.FulfillmentSaga;
import com.tally.schemas.SagaAttempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The saga's meters: requests and retries sent, how attempts ended, what it reported (callbacks
 * mapped, give-ups), and how many sagas wait on a deadline. Counted when a step is applied; a
 * step replayed after a crash is counted again, as every counter in a stream app is.
 */
final class SagaMetrics {

    private final MeterRegistry registry;
    private final Counter requests;
    private final Counter retries;
    private final Counter gaveUp;
    /** Per task: each task's punctuator counts its own store, and the gauge adds them up. */
    private final Map<String, Long> awaiting = new ConcurrentHashMap<>();

    SagaMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.requests = Counter.builder("tally.fulfillment.requests")
                .description("fulfillment requests opened: one per paid order").register(registry);
        this.retries = Counter.builder("tally.fulfillment.retries")
                .description("attempts after the first, sent after a transient failure or an unanswered attempt").register(registry);
        this.gaveUp = Counter.builder("tally.fulfillment.gave.up")
                .description("sagas that gave up after their last attempt: each raised by order-stream as fulfillment-gave-up").register(registry);
        Gauge.builder("tally.fulfillment.awaiting", awaiting, counts -> counts.values().stream().mapToLong(Long::longValue).sum())
                .description("sagas waiting on a deadline (an answer or the end of a backoff) in this instance's tasks").register(registry);
    }

    void count(FulfillmentSaga before, SagaStep step) {
        step.requests().forEach(request -> (request.getAttempt() == 1 ? requests : retries).increment());
        for (FulfillmentResult result : step.results()) {
            if (result.getAttempt() == null) {
                Counter.builder("tally.fulfillment.callbacks").description("warehouse callbacks mapped to results, by outcome")
                        .tag("outcome", result.getOutcome().name()).register(registry).increment();
            } else if (result.getOutcome() == FulfillmentOutcome.GAVE_UP) {
                gaveUp.increment();
            }
        }
        settledOutcome(before, step.saga()).ifPresent(outcome -> Counter.builder("tally.fulfillment.attempt.outcomes")
                .description("how attempts ended: ACCEPTED, REJECTED, TRANSIENT_FAILURE, NO_ANSWER")
                .tag("outcome", outcome).register(registry).increment());
    }

    void awaiting(String task, long sagas) {
        awaiting.put(task, sagas);
    }

    /** A task that moved to another instance no longer counts here. */
    void closed(String task) {
        awaiting.remove(task);
    }

    /** The outcome of the latest attempt when this step settled it. */
    private static Optional<String> settledOutcome(FulfillmentSaga before, FulfillmentSaga after) {
        if (after == null || after.getAttempts().isEmpty()) {
            return Optional.empty();
        }
        SagaAttempt latest = after.getAttempts().get(after.getAttempts().size() - 1);
        List<SagaAttempt> earlier = before == null ? List.of() : before.getAttempts();
        boolean settledBefore = earlier.size() >= latest.getAttempt() && earlier.get(latest.getAttempt() - 1).getOutcome() != null;
        return latest.getOutcome() == null || settledBefore ? Optional.empty() : Optional.of(latest.getOutcome());
    }
}
