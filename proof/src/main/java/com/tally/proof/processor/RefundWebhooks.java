package com.tally.proof.processor;

import com.tally.ingest.stripe.StripeSignature;
import com.tally.proof.sim.StripeEventFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells ingest of each refund as Stripe does: a {@code charge.refunded} event a while after the
 * refund was made, POSTed to {@code <ingest>/webhooks/stripe} with a {@code Stripe-Signature}.
 * It is retried with a growing pause until ingest answers 2xx, so an outage of ingest delays the
 * webhook and loses none. A retry carries the same event (same ID, same body), which ingest
 * dedupes on, and is signed afresh, so one held back by a long outage is not refused as stale.
 */
final class RefundWebhooks {

    private static final Logger log = LoggerFactory.getLogger(RefundWebhooks.class);

    private final URI endpoint;
    private final String secret;
    private final Duration after;
    private final Duration retryBase;
    private final Duration retryMax;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;

    RefundWebhooks(URI endpoint, String secret, Duration after, Duration retryBase, Duration retryMax, Clock clock,
                   ScheduledExecutorService scheduler, ExecutorService httpThreads) {
        this.endpoint = endpoint;
        this.secret = secret;
        this.after = after;
        this.retryBase = retryBase;
        this.retryMax = retryMax;
        this.clock = clock;
        this.scheduler = scheduler;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Reports a new refund once, {@code after} it was made. */
    void announce(RefundMade refund) {
        // Tally reads refunds.data[0].amount: this refund's amount, which the factory also writes as amount_refunded
        byte[] body = StripeEventFactory.chargeRefundedEvent(refund.eventId(), refund.paymentIntent(), refund.refundId(), refund.orderId(),
                refund.amount(), refund.currency(), refund.createdAt());
        schedule(() -> send(refund, body, 1), after);
    }

    private void send(RefundMade refund, byte[] body, int attempt) {
        var request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(StripeSignature.HEADER, StripeSignature.sign(secret, clock.instant().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                int attempts = refund.webhook().delivered();
                if (attempts > 1) {
                    log.info("charge.refunded of {} (order {}) acknowledged by ingest after {} attempts", refund.refundId(), refund.orderId(),
                            attempts);
                }
                return;
            }
            String what = failure != null ? "no answer (" + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")"
                    : response.statusCode() + (response.body().isBlank() ? "" : " " + response.body());
            refund.webhook().failed(what);
            if (attempt == 1) {
                log.warn("charge.refunded of {} (order {}) got {} from {}: retrying until ingest takes it", refund.refundId(), refund.orderId(),
                        what, endpoint);
            }
            schedule(() -> send(refund, body, attempt + 1), pause(attempt));
        });
    }

    /** Doubles from the base with each failed attempt, up to the maximum. */
    Duration pause(int failedAttempts) {
        Duration pause = retryBase.multipliedBy(1L << Math.min(failedAttempts - 1, 30));
        return pause.compareTo(retryMax) > 0 ? retryMax : pause;
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the simulator stopped: its processor, and the webhooks it still owed, are gone with it
        }
    }
}
