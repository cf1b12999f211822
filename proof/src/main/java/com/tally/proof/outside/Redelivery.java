package com.tally.proof.outside;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a stand-in's signed POSTs to ingest, each again and again with a pause that doubles up to
 * a maximum until ingest answers 2xx, so an outage of ingest delays them and loses none. Every
 * attempt is signed afresh, so one held back by a long outage is not refused as stale.
 */
public final class Redelivery {

    /** One POST to deliver, and where its attempts are recorded. */
    public interface Message {
        /** What it is, as the log names it, e.g. {@code shipment.shipped for order o-1}. */
        String what();

        /** The same body on every attempt: the receiver dedupes on what it carries. */
        byte[] body();

        /** The signature headers of an attempt made at this second. */
        Map<String, String> signed(long epochSecond);

        /** Records that ingest took it. @return how many attempts it took */
        int acknowledged();

        /** Records an attempt that got no 2xx: the status and body, or why there was no answer. */
        void failed(String answer);
    }

    private static final Logger log = LoggerFactory.getLogger(Redelivery.class);

    private final URI endpoint;
    private final Duration retryBase;
    private final Duration retryMax;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;

    public Redelivery(URI endpoint, Duration retryBase, Duration retryMax, Clock clock, ScheduledExecutorService scheduler,
                      ExecutorService httpThreads) {
        this.endpoint = endpoint;
        this.retryBase = retryBase;
        this.retryMax = retryMax;
        this.clock = clock;
        this.scheduler = scheduler;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Sends the message until ingest takes it, then runs {@code then}. */
    public void send(Message message, Runnable then) {
        send(message, then, 1);
    }

    private void send(Message message, Runnable then, int attempt) {
        byte[] body = message.body();
        var request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        message.signed(clock.instant().getEpochSecond()).forEach(request::header);
        http.sendAsync(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> {
                    if (failure == null && response.statusCode() / 100 == 2) {
                        int attempts = message.acknowledged();
                        if (attempts > 1) {
                            log.info("{} acknowledged by ingest after {} attempts", message.what(), attempts);
                        }
                        then.run();
                        return;
                    }
                    String answer = failure != null ? "no answer (" + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")"
                            : response.statusCode() + (response.body().isBlank() ? "" : " " + response.body());
                    message.failed(answer);
                    if (attempt == 1) {
                        log.warn("{} got {} from {}: retrying until ingest takes it", message.what(), answer, endpoint);
                    }
                    later(() -> send(message, then, attempt + 1), pause(attempt));
                });
    }

    /** Doubles from the base with each failed attempt, up to the maximum. */
    Duration pause(int failedAttempts) {
        Duration pause = retryBase.multipliedBy(1L << Math.min(failedAttempts - 1, 30));
        return pause.compareTo(retryMax) > 0 ? retryMax : pause;
    }

    /** Runs the task after the delay, on the stand-in's scheduler; once the stand-in stopped, never. */
    public void later(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the stand-in stopped: what it still owed is gone with it
        }
    }
}
