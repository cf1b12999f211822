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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Answers a refused webhook 4xx and records it on {@code payments.webhooks.rejected} (keyed by
 * provider), so forged, stale or malformed traffic is visible to ops and nothing is silently
 * dropped. A 4xx is only sent once the record is in Kafka; if it cannot be written the answer
 * is 503 and the sender comes back. No secret and no unverified body is ever recorded.
 */
final class RejectionRecorder {

    private static final int KEPT_BODY_BYTES = 64 * 1024;

    private final Appender appender;
    private final AnswerOnAck answers;
    private final Clock clock;
    private final MeterRegistry registry;
    /** Metric tags name only these: the path is the sender's to choose, and every new tag value is a new meter kept forever. */
    private final Set<String> knownProviders;
    private final AvroSerde<WebhookRejected> serde = AvroSerde.of(WebhookRejected.class);

    RejectionRecorder(Appender appender, AnswerOnAck answers, Clock clock, MeterRegistry registry, Set<String> knownProviders) {
        this.appender = appender;
        this.knownProviders = Set.copyOf(knownProviders);
        this.answers = answers;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * @param verifiedBody the body, only when its signature was valid (a 400 for its content); otherwise null
     * @return the answer: {@code status} once the rejection is recorded, 503 if it cannot be
     */
    CompletableFuture<HttpAnswer> reject(Delivery delivery, String reason, String detail, HttpStatus status, byte[] verifiedBody) {
        Counter.builder("tally.ingest.webhooks.rejected")
                .description("webhooks answered 4xx, by provider and reason")
                .tags("provider", knownProviders.contains(delivery.provider()) ? delivery.provider() : "unknown", "reason", reason)
                .register(registry)
                .increment();
        var rejected = WebhookRejected.newBuilder()
                .setEventId(EventIds.fresh())
                .setProvider(delivery.provider())
                .setReason(reason)
                .setDetail(detail)
                .setHttpStatus(status.getCode())
                .setHeaders(delivery.recordableHeaders().values())
                .setBody(verifiedBody == null ? null : ByteBuffer.wrap(Arrays.copyOf(verifiedBody, Math.min(verifiedBody.length, KEPT_BODY_BYTES))))
                .setReceivedAt(clock.instant())
                .setRemoteAddress(delivery.remoteAddress())
                .setDeclaredLength(delivery.declaredLength())
                .setBytesRead(delivery.bytesRead())
                .build();
        return answers.afterAck(appender.append(Topics.WEBHOOKS_REJECTED, delivery.provider(), serde.encode(rejected)),
                () -> HttpAnswer.json(status, Map.of("error", detail, "reason", reason)), recorded -> { });
    }
}
