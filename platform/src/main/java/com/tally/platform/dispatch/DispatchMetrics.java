package com.tally.platform.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A dispatcher's meters, tagged with its group: what it committed, how its batches failed, how long
 * its calls take. Counted when the transaction commits, so a batch that is repeated counts once;
 * the calls' latency is counted per call made, repeats included.
 */
final class DispatchMetrics {

    /** How a failed batch was recovered from: its transaction aborted and the batch read again, the clients made anew, or the loop stopped. */
    enum Recovery {
        REWOUND, REBUILT, STOPPED
    }

    private final MeterRegistry registry;
    private final String group;
    private final Counter records;
    private final Timer calls;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<Recovery, Counter> failures = new ConcurrentHashMap<>();

    DispatchMetrics(MeterRegistry registry, String group, BooleanSupplier running) {
        this.registry = registry;
        this.group = group;
        this.records = Counter.builder("tally.dispatch.records")
                .description("input records whose outcomes (or dead letter) were committed with their offsets")
                .tag("group", group)
                .register(registry);
        this.calls = Timer.builder("tally.dispatch.calls")
                .description("how long the handler's calls took, repeats included")
                .tag("group", group)
                .register(registry);
        Gauge.builder("tally.dispatch.running", () -> running.getAsBoolean() ? 1 : 0)
                .description("1 while the loop is reading and committing, 0 while it starts, recovers or has failed")
                .tag("group", group)
                .register(registry);
    }

    void committed(int inputRecords, Map<String, Integer> outcomesByKind) {
        records.increment(inputRecords);
        outcomesByKind.forEach((kind, count) -> outcomes.computeIfAbsent(kind, k -> Counter.builder("tally.dispatch.outcomes")
                .description("records appended by the loop, by kind; dead-letter for inputs it could not handle")
                .tags("group", group, "kind", k)
                .register(registry)).increment(count));
    }

    void failed(Recovery recovery) {
        failures.computeIfAbsent(recovery, r -> Counter.builder("tally.dispatch.failures")
                .description("batches whose transaction failed or was never committed, by how the loop recovered")
                .tags("group", group, "recovery", r.name().toLowerCase(Locale.ROOT))
                .register(registry)).increment();
    }

    void called(Duration took) {
        calls.record(took);
    }
}
