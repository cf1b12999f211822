package com.tally.fulfillment;

import com.tally.platform.KafkaConfig;
import com.tally.platform.Readiness;
import com.tally.platform.dispatch.DispatchLoop;
import com.tally.platform.dispatch.DispatchSettings;
import com.tally.platform.dispatch.Outcome;
import com.tally.platform.dispatch.RetryInPlace;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.RefundOutcome;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.RefundResult;
import com.tally.schemas.Severity;
import com.tally.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks the payment processor for every {@code RefundRequested} on {@code payments.refunds} and
 * appends what it made of it as one {@code RefundResult} (keyed by order ID), plus one alert when
 * the money did not go back by itself, in the transaction that commits the request's offset
 * ({@link DispatchLoop}). No saga stands above it, so it retries in place ({@link RetryInPlace})
 * with the refund ID as {@code Idempotency-Key}: a retry, or a call repeated after a crash, is
 * the same refund to the processor. Only Stripe has a refund API here; a refund taken by any other
 * provider, or by one the request does not name, is left to a person, with an alert.
 */
public final class RefundDispatcher implements AutoCloseable {

    /** The consumer group; its dead letters go to {@code refund-dispatcher.dlq}. */
    public static final String GROUP_ID = "refund-dispatcher";
    /** The only provider whose refunds this dispatcher makes itself. */
    static final String STRIPE = "stripe";
    static final String ALERT_REFUSED = "refund-refused";
    static final String ALERT_FAILED = "refund-failed";
    static final String ALERT_BY_HAND = "refund-by-hand";
    /** The loop waits this much longer than a refund's whole retry budget before it gives a batch up as stuck. */
    private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(5);

    private final AtomicBoolean closed = new AtomicBoolean();
    private final DispatchLoop<RefundRequested> loop;

    public RefundDispatcher(KafkaConfig kafka, String instanceId, RefundConfig config, MeterRegistry registry) {
        var stripe = new StripeRefundClient(config.apiUrl(), config.apiKey(), config.callTimeout(), registry);
        var retries = new RetryInPlace<RefundAnswer>(config.retry().backoff(), config.callTimeout(), config.retryBudget(),
                answer -> answer.kind() == RefundAnswer.Kind.RETRY, closed::get);
        var requests = AvroSerde.of(RefundRequested.class);
        var results = AvroSerde.of(RefundResult.class);
        var alerts = AvroSerde.of(Alert.class);
        var clock = Clock.systemUTC();
        var settings = new DispatchSettings(kafka, GROUP_ID, Topics.REFUNDS, instanceId, config.maxCallsInFlight(),
                config.retryBudget().plus(DEADLINE_MARGIN));
        this.loop = new DispatchLoop<>(settings, requests::decode, (key, request) -> {
            RefundResult withoutCall = withoutCall(request, clock.instant());
            CompletableFuture<RefundResult> result = withoutCall != null ? CompletableFuture.completedFuture(withoutCall)
                    : retries.run(request.getRefundRequestId(), attempt -> stripe.refund(request))
                            .thenApply(attempted -> result(request, attempted, clock.instant()));
            return result.thenApply(refund -> {
                var outcomes = new ArrayList<Outcome>();
                outcomes.add(new Outcome(Topics.REFUND_RESULTS, refund.getOrderId(), results.encode(refund),
                        refund.getOutcome().name().toLowerCase(Locale.ROOT)));
                Alert alert = alert(refund);
                if (alert != null) {
                    outcomes.add(new Outcome(Topics.ALERTS, alert.getSubject(), alerts.encode(alert), "alert"));
                }
                return List.copyOf(outcomes);
            });
        }, registry);
    }

    public void start() {
        loop.start();
    }

    /** Ready while requests are read and results committed. */
    public Readiness readiness() {
        return loop.readiness();
    }

    /** Stops reading and starts no further retry; refunds not committed are asked again, with the same key, by whoever reads them next. */
    @Override
    public void close() {
        closed.set(true);
        loop.close();
    }

    /**
     * The failed result of a request no API call can serve: one naming no provider (written before
     * RefundRequested v3: guessing the processor could refund the wrong one), or one whose provider
     * has no refund API. Null when the processor is to be called.
     */
    static RefundResult withoutCall(RefundRequested request, Instant at) {
        String provider = request.getProvider();
        if (provider == null || provider.isBlank()) {
            return result(request, RefundOutcome.FAILED, "the refund request names no processor (it was written before RefundRequested v3):"
                    + " find the charge " + request.getTransactionId() + " and refund it by hand in its processor's dashboard", null, 0, at);
        }
        if (!STRIPE.equals(provider.toLowerCase(Locale.ROOT))) {
            return result(request, RefundOutcome.FAILED, provider + " has no refund API Tally can call: refund by hand in "
                    + provider + "'s dashboard (charge " + request.getTransactionId() + ")", null, 0, at);
        }
        return null;
    }

    /** The result of the calls made for one request. */
    static RefundResult result(RefundRequested request, RetryInPlace.Attempted<RefundAnswer> attempted, Instant at) {
        RefundAnswer answer = attempted.answer();
        return switch (answer.kind()) {
            case REQUESTED -> result(request, RefundOutcome.REQUESTED, null, answer.processorRefundId(), attempted.attempts(), at);
            case REFUSED -> result(request, RefundOutcome.REFUSED, answer.reason(), null, attempted.attempts(), at);
            case RETRY -> result(request, RefundOutcome.FAILED, "no refund after " + attempted.attempts() + " call(s), the last: "
                    + answer.reason() + ". A call that timed out may have reached the processor: look for a refund with metadata"
                    + " refund_id=" + request.getRefundRequestId() + " in its dashboard, and refund the charge "
                    + request.getTransactionId() + " by hand only if there is none", null, attempted.attempts(), at);
        };
    }

    /** Its event ID is derived from the request's, so a request handled again after a crash derives the same one. */
    static RefundResult result(RefundRequested request, RefundOutcome outcome, String reason, String processorRefundId, int attempts,
                               Instant at) {
        return RefundResult.newBuilder()
                .setEventId(EventIds.derived(request.getEventId(), "refund-result"))
                .setCauseEventId(request.getEventId())
                .setOrderId(request.getOrderId())
                .setRefundRequestId(request.getRefundRequestId())
                .setTransactionId(request.getTransactionId())
                .setProvider(request.getProvider())
                .setOutcome(outcome)
                .setReason(reason)
                .setProcessorRefundId(processorRefundId)
                .setAttempts(attempts)
                .setAt(at)
                .build();
    }

    /** The alert for a person when the money did not go back by itself; null when the processor took the refund. */
    static Alert alert(RefundResult result) {
        String kind;
        if (result.getOutcome() == RefundOutcome.REQUESTED) {
            return null;
        } else if (result.getOutcome() == RefundOutcome.REFUSED) {
            kind = ALERT_REFUSED;
        } else if (result.getAttempts() == 0) {
            kind = ALERT_BY_HAND;
        } else {
            kind = ALERT_FAILED;
        }
        return Alert.newBuilder()
                .setEventId(EventIds.derived(result.getEventId(), "alert"))
                .setCauseEventId(result.getEventId())
                .setKind(kind)
                // a customer's money is owed and nothing will return it without a person
                .setSeverity(Severity.CRITICAL)
                .setSubject(result.getOrderId())
                .setDetail("refund " + result.getRefundRequestId() + " of order " + result.getOrderId() + " (charge "
                        + result.getTransactionId() + "): " + result.getReason() + ". docs/REFUNDS.md says what to do.")
                .setAt(result.getAt())
                .build();
    }
}
