package com.tally.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs services until the JVM is asked to stop (SIGTERM, Ctrl-C), then stops them in the
 * reverse order of their start, so a stream app closes before the broker it runs on.
 */
public final class ServiceLauncher {

    private static final Logger log = LoggerFactory.getLogger(ServiceLauncher.class);

    private ServiceLauncher() {
    }

    public static void runUntilStopped(List<? extends AutoCloseable> started) {
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping {} component(s)", started.size());
            closeInReverse(started);
            stopped.countDown();
        }, "tally-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts each service in turn; if one fails, it and those already started are stopped again, so
     * no thread of theirs keeps the JVM alive, and a failure of Kafka authentication is said in one
     * line naming the settings to fix ({@link KafkaAuthenticationFailure}).
     */
    public static List<TallyService> startAll(List<TallyService> services) {
        var started = new ArrayList<TallyService>();
        for (TallyService service : services) {
            try {
                service.start();
                started.add(service);
            } catch (RuntimeException e) {
                // a service that fails half-way may have bound its port already; close() is idempotent
                started.add(service);
                closeInReverse(started);
                throw KafkaAuthenticationFailure.explain(e, "while starting " + service.name());
            }
        }
        return started;
    }

    public static void closeInReverse(List<? extends AutoCloseable> components) {
        var reversed = new ArrayList<>(components);
        Collections.reverse(reversed);
        for (AutoCloseable component : reversed) {
            try {
                component.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", component, e.toString());
            }
        }
    }
}
