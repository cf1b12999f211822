package com.tally.ingest;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request when its append is acknowledged, without parking a thread: the success
 * status only after the ack, 503 with Retry-After when the ack does not come in time (the
 * sender retries; dedupe makes that safe).
 */
final class AnswerOnAck {

    private static final Logger log = LoggerFactory.getLogger(AnswerOnAck.class);

    private final long retryAfterSeconds;

    AnswerOnAck(long retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    void afterAck(Context ctx, CompletableFuture<RecordMetadata> append, HttpStatus success, Map<String, ?> body) {
        ctx.future(() -> append.handle((metadata, error) -> {
            if (error == null) {
                ctx.status(success).json(body);
            } else {
                // the append failed, or its ack did not come within the timeout (TimeoutException)
                log.warn("append not acknowledged, answering 503: {}", error.toString());
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header("Retry-After", String.valueOf(retryAfterSeconds))
                        .json(Map.of("error", "Kafka did not acknowledge the write in time; nothing was accepted."
                                + " Retry after " + retryAfterSeconds + " s"));
            }
            return null;
        }));
    }
}
