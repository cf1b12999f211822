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

    /** Starts each service in turn; if one fails, those already started are stopped again. */
    public static List<TallyService> startAll(List<TallyService> services) {
        var started = new ArrayList<TallyService>();
        for (TallyService service : services) {
            try {
                service.start();
                started.add(service);
            } catch (RuntimeException e) {
                closeInReverse(started);
                throw e;
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
