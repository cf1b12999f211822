package com.tally.sandbox.bench;

import com.tally.sandbox.sim.Simulator;
import com.tally.sandbox.sim.Story;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Measures, for a sample of orders, the time from the moment ingest answered their successful
 * charge's webhook 2xx to the moment order-stream's interactive query shows them paid.
 */
final class PaidLatencyProbe implements Simulator.AnswerListener, AutoCloseable {

    /** One measurement, for the latency-over-time chart. */
    record Point(double secondsIntoRun, double latencyMs) {
    }

    private static final Pattern PAID = Pattern.compile("\"status\":\"(PAID|FULFILLMENT_[A-Z]+|SHIPPED|DELIVERED|REFUND_REQUESTED|REFUNDED)\"");

    /**
     * How often a sampled order is asked for: often enough for a 300 ms goal, rarely enough that the
     * probe's own queries do not slow order-stream down (every 5 ms for every order measured seconds
     * of latency that was the probe's own load).
     */
    private static final long POLL_MS = 20;

    private final String orderUrl;
    private final int oneIn;
    private final long startNanos = System.nanoTime();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(8);
    private final Set<String> sampled = ConcurrentHashMap.newKeySet();
    private final Histogram latencies = new Histogram(60_000_000L, 3);   // microseconds, up to a minute
    private final List<Point> points = new ArrayList<>();

    PaidLatencyProbe(String orderUrl, int oneIn) {
        this.orderUrl = orderUrl;
        this.oneIn = oneIn;
    }

    @Override
    public void answered(Story story, String type, String transactionId, int status, long answeredAtNanos) {
        boolean firstCharge = type.equals("payment_intent.succeeded") && status / 100 == 2 && !story.webhooksFirst();
        if (firstCharge && Math.floorMod(story.orderId().hashCode(), oneIn) == 0 && sampled.add(story.orderId())) {
            pollers.execute(() -> poll(story.orderId(), answeredAtNanos));
        }
    }

    private void poll(String orderId, long answeredAtNanos) {
        try {
            var answer = http.send(HttpRequest.newBuilder(URI.create(orderUrl + "/orders/" + orderId)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long now = System.nanoTime();
            if (answer.statusCode() == 200 && PAID.matcher(answer.body()).find()) {
                long micros = TimeUnit.NANOSECONDS.toMicros(now - answeredAtNanos);
                synchronized (latencies) {
                    latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
                    points.add(new Point((answeredAtNanos - startNanos) / 1e9, micros / 1000.0));
                }
                return;
            }
            if (now - answeredAtNanos < TimeUnit.SECONDS.toNanos(60)) {
                pollers.schedule(() -> poll(orderId, answeredAtNanos), POLL_MS, TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            pollers.schedule(() -> poll(orderId, answeredAtNanos), 50, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits for the orders still being polled, then stops. */
    void finish() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count() < sampled.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        pollers.shutdownNow();
    }

    long count() {
        synchronized (latencies) {
            return latencies.getTotalCount();
        }
    }

    double percentileMs(double percentile) {
        synchronized (latencies) {
            return latencies.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    List<Point> points() {
        synchronized (latencies) {
            return List.copyOf(points);
        }
    }

    @Override
    public void close() {
        pollers.shutdownNow();
    }
}
