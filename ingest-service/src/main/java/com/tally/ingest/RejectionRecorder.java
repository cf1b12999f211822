package com.tally.ingest;

import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookRejected;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a webhook 4xx and records it on {@code payments.webhooks.rejected}, so a refused
 * delivery is never silently dropped: ops can see forged, stale or malformed traffic.
 */
final class RejectionRecorder {

    private static final Logger log = LoggerFactory.getLogger(RejectionRecorder.class);
    private static final int KEPT_BODY_BYTES = 64 * 1024;

    private final KafkaAppender appender;
    private final Clock clock;
    private final AvroSerde<WebhookRejected> serde = AvroSerde.of(WebhookRejected.class);

    RejectionRecorder(KafkaAppender appender, Clock clock) {
        this.appender = appender;
        this.clock = clock;
    }

    void reject(Context ctx, String provider, String reason, String detail, HttpStatus status, byte[] body) {
        var rejected = WebhookRejected.newBuilder()
                .setEventId(EventIds.fresh())
                .setProvider(provider)
                .setReason(reason)
                .setDetail(detail)
                .setHttpStatus(status.getCode())
                .setHeaders(RecordableHeaders.of(ctx))
                .setBody(body == null ? null : ByteBuffer.wrap(Arrays.copyOf(body, Math.min(body.length, KEPT_BODY_BYTES))))
                .setReceivedAt(clock.instant())
                .build();
        var answer = Map.of("error", detail, "reason", reason);
        // the sender gets its 4xx whether or not the record could be written; a failed record is logged instead
        ctx.future(() -> appender.append(Topics.WEBHOOKS_REJECTED, provider, serde.encode(rejected)).handle((metadata, error) -> {
            if (error != null) {
                log.error("could not record rejected {} webhook ({}: {}): {}", provider, reason, detail, error.toString());
            }
            ctx.status(status).json(answer);
            return null;
        }));
    }
}
