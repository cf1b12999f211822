package com.tally.ingest;

import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookRejected;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a refused webhook 4xx, counts it in {@code /metrics} one by one, and records it on
 * {@code payments.webhooks.rejected} (keyed by provider): recorded, bounded. The
 * {@link RejectionBudget} decides which rejections are recorded in full; the rest of a window are
 * counted into one summary per remote address and reason, written once the window has ended, so
 * a flood of forged webhooks cannot fill the brokers' disks and none goes uncounted. A 4xx
 * recorded in full is sent once the record is in Kafka, and is 503 if it cannot be written (the
 * sender comes back); a 4xx counted into a summary is sent at once, since it waits on no record.
 * No secret and no unverified body is ever recorded.
 */
final class RejectionRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RejectionRecorder.class);
    private static final int KEPT_BODY_BYTES = 64 * 1024;
    /** How often ended windows are looked for: a summary goes out within this of its window's end, flood or no flood. */
    private static final long SUMMARY_CHECK_MILLIS = 1_000;

    private final Appender appender;
    private final AnswerOnAck answers;
    private final Clock clock;
    private final MeterRegistry registry;
    /** Metric tags name only these: the path is the sender's to choose, and every new tag value is a new meter kept forever. */
    private final Set<String> knownProviders;
    private final TrustedProxies proxies;
    private final RejectionBudget budget;
    private final AvroSerde<WebhookRejected> serde = AvroSerde.of(WebhookRejected.class);
    private ScheduledExecutorService summaries;

    RejectionRecorder(Appender appender, AnswerOnAck answers, Clock clock, MeterRegistry registry, Set<String> knownProviders,
                      TrustedProxies proxies, RejectionBudget budget) {
        this.appender = appender;
        this.knownProviders = Set.copyOf(knownProviders);
        this.answers = answers;
        this.clock = clock;
        this.registry = registry;
        this.proxies = proxies;
        this.budget = budget;
    }

    /**
     * @param verifiedBody the body, only when its signature was valid (a 400 for its content); otherwise null
     * @return the answer: {@code status} at once when the rejection was counted into a summary, or
     *         once its record is in Kafka; 503 if that record cannot be written
     */
    CompletableFuture<HttpAnswer> reject(Delivery delivery, String reason, String detail, HttpStatus status, byte[] verifiedBody) {
        Counter.builder("tally.ingest.webhooks.rejected")
                .description("webhooks answered 4xx, by provider and reason")
                .tags("provider", knownProviders.contains(delivery.provider()) ? delivery.provider() : "unknown", "reason", reason)
                .register(registry)
                .increment();
        HttpAnswer refusal = HttpAnswer.json(status, Map.of("error", detail, "reason", reason));
        String remoteAddress = proxies.clientAddress(delivery.remoteAddress(), delivery.headers().get(Delivery.FORWARDED_FOR));
        if (!budget.admit(remoteAddress, reason, delivery.provider(), status.getCode(), clock.instant())) {
            return CompletableFuture.completedFuture(refusal);
        }
        var rejected = WebhookRejected.newBuilder()
                .setEventId(EventIds.fresh())
                .setProvider(delivery.provider())
                .setReason(reason)
                .setDetail(detail)
                .setHttpStatus(status.getCode())
                .setHeaders(delivery.recordableHeaders().values())
                .setBody(verifiedBody == null ? null : ByteBuffer.wrap(Arrays.copyOf(verifiedBody, Math.min(verifiedBody.length, KEPT_BODY_BYTES))))
                .setReceivedAt(clock.instant())
                .setRemoteAddress(remoteAddress)
                .setDeclaredLength(delivery.declaredLength())
                .setBytesRead(delivery.bytesRead())
                .build();
        return answers.afterAck(appender.append(Topics.WEBHOOKS_REJECTED, delivery.provider(), serde.encode(rejected)),
                () -> refusal, recorded -> { });
    }

    /** Looks for ended windows every second from now on, so their summaries are written even once a flood has stopped. */
    void start() {
        summaries = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "rejection-summaries");
            thread.setDaemon(true);
            return thread;
        });
        summaries.scheduleWithFixedDelay(this::recordEndedWindows, SUMMARY_CHECK_MILLIS, SUMMARY_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Writes the summary of every source of every window that has ended. */
    void recordEndedWindows() {
        try {
            record(budget.takeEnded(clock.instant()));
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: the next windows' summaries must still go out
            log.error("could not write the summaries of ended windows", e);
        }
    }

    /**
     * Writes the open window's summaries now, cut short, before the appender stops taking
     * records; a rejection after this is recorded in full.
     */
    @Override
    public void close() {
        if (summaries != null) {
            summaries.shutdown();
            try {
                summaries.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        record(budget.close(clock.instant()));
    }

    private void record(List<RejectionBudget.Summary> owed) {
        var limits = budget.limits();
        for (var summary : owed) {
            String from = summary.remoteAddress() == null ? "addresses that had no record of their own" : summary.remoteAddress();
            var rejected = WebhookRejected.newBuilder()
                    .setEventId(EventIds.fresh())
                    .setProvider(summary.provider())
                    .setReason(summary.reason())
                    .setDetail("summary: " + summary.count() + " more rejection(s) for " + summary.reason() + " from " + from
                            + " between " + summary.from() + " and " + summary.until() + ", counted but not recorded one by one (per "
                            + limits.window().toSeconds() + " s at most " + limits.perSource() + " per address and reason and "
                            + limits.perWindow() + " in all are recorded in full)")
                    .setHttpStatus(summary.httpStatus())
                    .setHeaders(Map.of())
                    .setReceivedAt(summary.from())
                    .setReceivedUntil(summary.until())
                    .setRemoteAddress(summary.remoteAddress())
                    .setCount(summary.count())
                    .build();
            appender.append(Topics.WEBHOOKS_REJECTED, summary.provider(), serde.encode(rejected)).whenComplete((metadata, error) -> {
                if (error != null) {
                    // the count stays in tally_ingest_webhooks_rejected_total; this line keeps what the topic lacks
                    log.warn("could not record a summary of {} rejection(s) for {} from {} between {} and {} on {}: {}", summary.count(),
                            summary.reason(), from, summary.from(), summary.until(), Topics.WEBHOOKS_REJECTED, error.toString());
                }
            });
        }
    }
}
