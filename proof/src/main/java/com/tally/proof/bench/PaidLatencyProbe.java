package com.tally.proof.bench;

import com.tally.platform.Access;
import com.tally.proof.sim.Simulator;
import com.tally.proof.sim.Story;
import java.io.IOException;
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
    /**
     * Past 200 ms an order is asked for every tenth of the time it has waited, at least every
     * 250 ms. At a fixed 20 ms the probe's own load grew with the latency it measured (70 orders
     * waiting made 3,500 queries/s, more than the webhooks): on a slow machine that fed itself
     * into seconds of latency. A tenth can only overstate a latency, and by at most a tenth.
     */
    private static final long MAX_POLL_MS = 250;
    /**
     * An order not seen paid by then is recorded at the time it was given up on and counted as
     * never seen: leaving it out would flatter the percentiles exactly when the path is slowest.
     */
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String orderUrl;
    private final String operatorToken;
    private final int oneIn;
    private final long startNanos = System.nanoTime();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(8);
    private final Set<String> sampled = ConcurrentHashMap.newKeySet();
    private final Histogram latencies = new Histogram(60_000_000L, 3);   // microseconds, up to a minute
    private final List<Point> points = new ArrayList<>();
    private int neverSeenPaid;

    PaidLatencyProbe(String orderUrl, String operatorToken, int oneIn) {
        this.orderUrl = orderUrl;
        this.operatorToken = operatorToken;
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
        boolean paid = false;
        try {
            var answer = http.send(HttpRequest.newBuilder(URI.create(orderUrl + "/orders/" + orderId))
                    .header("Authorization", Access.bearer(operatorToken)).GET().build(), HttpResponse.BodyHandlers.ofString());
            paid = answer.statusCode() == 200 && PAID.matcher(answer.body()).find();
        } catch (IOException e) {
            // order-stream restarting or overloaded: ask again, as for an order not paid yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long now = System.nanoTime();
        if (paid || now - answeredAtNanos >= GIVE_UP_NANOS) {
            record(answeredAtNanos, now, paid);
        } else {
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(now - answeredAtNanos);
            pollers.schedule(() -> poll(orderId, answeredAtNanos), Math.max(POLL_MS, Math.min(MAX_POLL_MS, waitedMs / 10)),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void record(long answeredAtNanos, long seenAtNanos, boolean paid) {
        long micros = TimeUnit.NANOSECONDS.toMicros(seenAtNanos - answeredAtNanos);
        synchronized (latencies) {
            latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
            points.add(new Point((answeredAtNanos - startNanos) / 1e9, micros / 1000.0));
            if (!paid) {
                neverSeenPaid++;
            }
        }
    }

    /** Waits for the orders still being polled (each is seen paid or given up on), then stops. */
    void finish() throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP_NANOS + TimeUnit.SECONDS.toNanos(5);
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

    /** Sampled orders given up on after a minute without being seen paid; each is in the percentiles at that minute. */
    int neverSeenPaid() {
        synchronized (latencies) {
            return neverSeenPaid;
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
