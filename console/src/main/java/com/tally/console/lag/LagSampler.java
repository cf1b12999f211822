package com.tally.console.lag;

import com.tally.platform.Readiness;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Samples the cluster every interval on a thread of its own and hands each sampling to the metrics and the live pages. */
public final class LagSampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LagSampler.class);

    private final LagMonitor monitor;
    private final LagMetrics metrics;
    private final LagEvents events;
    private final Duration interval;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var named = new Thread(runnable, "lag-sampler");
        named.setDaemon(true);
        return named;
    });
    private volatile boolean sampled;

    public LagSampler(LagMonitor monitor, LagMetrics metrics, LagEvents events, Duration interval) {
        this.monitor = monitor;
        this.metrics = metrics;
        this.events = events;
        this.interval = interval;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::sampleOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ready once a sampling reached the cluster: before that the page would show nothing as if nothing lagged. */
    public Readiness readiness() {
        return () -> sampled && monitor.latest().problem() == null ? Readiness.Status.ready("lag read at " + monitor.latest().at())
                : Readiness.Status.notReady(sampled ? monitor.latest().problem() : "the console has not read the cluster's lag yet");
    }

    private void sampleOnce() {
        try {
            LagSnapshot snapshot = monitor.sample();
            if (snapshot.problem() != null) {
                log.warn("lag sampling failed: {}", snapshot.problem());
            } else {
                sampled = true;
                metrics.update(snapshot);
                events.publish(snapshot);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the next sampling tries again; a scheduled task that throws would never run again
            log.warn("lag sampling failed: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
