package com.tally.fulfillment;

import com.tally.schemas.FulfillmentSaga;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the saga rules for one order, stores the saga and its deadline, and forwards the step,
 * whose requests and results the topology takes to their topics: all in one Kafka transaction. A
 * wall-clock punctuator fires the deadlines that are due, reading them from the deadline index in
 * time order: a deadline is state, so it survives a restart, and fires without any traffic.
 */
final class RunSaga implements Processor<String, SagaInput, String, SagaStep> {

    /** How often due deadlines are looked for: their granularity, far below any sensible backoff or timeout. */
    static final Duration TICK = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(RunSaga.class);

    private final RetryPolicy policy;
    private final SagaMetrics metrics;
    private ProcessorContext<String, SagaStep> context;
    private KeyValueStore<String, FulfillmentSaga> sagas;
    private KeyValueStore<String, String> deadlines;

    RunSaga(RetryPolicy policy, SagaMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
    }

    static String deadlineKey(Instant deadline, String orderId) {
        return String.format("%013d/%s", deadline.toEpochMilli(), orderId);
    }

    @Override
    public void init(ProcessorContext<String, SagaStep> context) {
        this.context = context;
        this.sagas = context.getStateStore(StoreNames.SAGAS);
        this.deadlines = context.getStateStore(StoreNames.DEADLINES);
        context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::fireDueDeadlines);
    }

    @Override
    public void process(Record<String, SagaInput> record) {
        String orderId = record.key();
        if (!orderId.equals(record.value().orderId())) {
            // a producer bug: applying it would run another order's saga. The processing exception
            // handler sends it to fulfillment-stream.dlq and the other orders go on.
            throw new IllegalArgumentException("record keyed " + orderId + " names order " + record.value().orderId()
                    + ": fix the producer of this topic to key records by order ID");
        }
        // wall-clock time, like the punctuator's: deadlines are set and fired on one clock
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        apply(orderId, record.value().applyTo(sagas.get(orderId), now, policy), now);
    }

    private void fireDueDeadlines(long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        var due = new ArrayList<KeyValue<String, String>>();
        // keys sort by their zero-padded time, and every key due now sorts below the next millisecond
        try (var all = deadlines.range("0", String.format("%013d", nowMs + 1))) {
            all.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            FulfillmentSaga saga = sagas.get(entry.value);
            if (saga == null || saga.getDeadline() == null || !entry.key.equals(deadlineKey(saga.getDeadline(), entry.value))) {
                // an entry its saga no longer names would be read again every tick: it goes
                deadlines.delete(entry.key);
                continue;
            }
            apply(entry.value, SagaRules.deadlinePassed(saga, now, policy), now);
        }
        metrics.awaiting(context.taskId().toString(), deadlines.approximateNumEntries());
    }

    @Override
    public void close() {
        metrics.closed(context.taskId().toString());
    }

    private void apply(String orderId, SagaStep step, Instant now) {
        if (!step.changed()) {
            log.debug("order {}: {}", orderId, step.note());
            return;
        }
        FulfillmentSaga before = sagas.get(orderId);
        if (before != null && before.getDeadline() != null) {
            deadlines.delete(deadlineKey(before.getDeadline(), orderId));
        }
        FulfillmentSaga after = step.saga();
        sagas.put(orderId, after);
        if (after.getDeadline() != null) {
            deadlines.put(deadlineKey(after.getDeadline(), orderId), orderId);
        }
        metrics.count(before, step);
        context.forward(new Record<>(orderId, step, now.toEpochMilli()));
    }
}
