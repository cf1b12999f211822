package com.tally.proof.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop HTTP load: a fixed number of connections, each sending its next request as
 * soon as the last one is answered, for a warm-up and then a measured period. Bounded in time,
 * aimed only at this machine.
 */
final class HttpLoad {

    /**
     * What one measured period saw. {@code jvmCpuMicrosPerRequest} is the CPU time this JVM used
     * per answered request: the servers it hosts, and with the Java client the client too.
     */
    record Result(String name, long answered2xx, long otherAnswers, long failures, double seconds,
                  double p50Ms, double p99Ms, double p999Ms, double maxMs, double jvmCpuMicrosPerRequest) {
        double ratePerSecond() {
            return answered2xx / seconds;
        }

        static double cpuMicrosPerRequest(ProcessStats before, ProcessStats after, long answered) {
            return answered == 0 ? Double.NaN : ProcessStats.cpuSeconds(before, after) * 1e6 / answered;
        }
    }

    private final HttpClient http;
    private final int connections;

    HttpLoad(int connections) {
        this.connections = connections;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2))
                .build();
    }

    /**
     * @param request the i-th request to send; called from the load threads
     */
    Result run(String name, IntFunction<HttpRequest> request, Duration warmUp, Duration measured) throws InterruptedException {
        var counter = new AtomicInteger();
        var recorder = new Recorder(3);
        var ok = new AtomicLong();
        var other = new AtomicLong();
        var failures = new AtomicLong();
        var answeredAtAll = new AtomicLong();   // for the progress lines, warm-up included
        var measuring = new AtomicBoolean(false);
        long end = System.nanoTime() + warmUp.toNanos() + measured.toNanos();
        ExecutorService load = Executors.newFixedThreadPool(connections);
        for (int c = 0; c < connections; c++) {
            load.submit(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest next = request.apply(counter.getAndIncrement());
                    long started = System.nanoTime();
                    try {
                        HttpResponse<Void> answer = http.send(next, HttpResponse.BodyHandlers.discarding());
                        long micros = (System.nanoTime() - started) / 1_000;
                        answeredAtAll.incrementAndGet();
                        if (measuring.get()) {
                            recorder.recordValue(micros);
                            (answer.statusCode() / 100 == 2 ? ok : other).incrementAndGet();
                        }
                    } catch (Exception e) {
                        if (measuring.get()) {
                            failures.incrementAndGet();
                        }
                    }
                }
                return null;
            });
        }
        progress(name + " warm-up", warmUp, answeredAtAll);
        recorder.reset();
        measuring.set(true);
        long measuredFrom = System.nanoTime();
        var cpuBefore = ProcessStats.ofThisJvm();
        progress(name, measured, answeredAtAll);
        measuring.set(false);
        var cpuAfter = ProcessStats.ofThisJvm();
        double seconds = (System.nanoTime() - measuredFrom) / 1e9;
        var histogram = recorder.getIntervalHistogram();
        load.shutdown();
        load.awaitTermination(30, TimeUnit.SECONDS);
        return new Result(name, ok.get(), other.get(), failures.get(), seconds,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0,
                Result.cpuMicrosPerRequest(cpuBefore, cpuAfter, ok.get() + other.get()));
    }

    /** One line a second, so a long run shows it is alive. */
    private static void progress(String phase, Duration length, AtomicLong ok) throws InterruptedException {
        long until = System.nanoTime() + length.toNanos();
        long last = ok.get();
        while (System.nanoTime() < until) {
            Thread.sleep(Math.min(1_000, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            long now = ok.get();
            System.out.printf("  %-22s %8d answers in the last second%n", phase, now - last);
            last = now;
        }
    }

    static HttpRequest post(URI uri, byte[] body, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return builder.build();
    }
}
