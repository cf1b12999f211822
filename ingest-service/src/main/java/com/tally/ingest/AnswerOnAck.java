package com.tally.ingest;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request when its append is acknowledged, without parking a thread: the success
 * status only after the ack; 503 with Retry-After when the append was refused (too many in
 * flight, stopping) or its ack did not come in time. The sender retries; dedupe makes that safe.
 */
final class AnswerOnAck {

    private static final Logger log = LoggerFactory.getLogger(AnswerOnAck.class);

    private final long retryAfterSeconds;

    AnswerOnAck(long retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    void afterAck(Context ctx, CompletableFuture<RecordMetadata> append, HttpStatus success, Map<String, ?> body) {
        afterAck(ctx, append, () -> ctx.status(success).json(body), outcome -> { });
    }

    /**
     * @param onSuccess answers the request once Kafka acknowledged
     * @param onOutcome told whether the append was acknowledged, for counting
     */
    void afterAck(Context ctx, CompletableFuture<RecordMetadata> append, Runnable onSuccess, Consumer<Boolean> onOutcome) {
        ctx.future(() -> append.handle((metadata, error) -> {
            onOutcome.accept(error == null);
            if (error == null) {
                onSuccess.run();
            } else {
                unavailable(ctx, error);
            }
            return null;
        }));
    }

    void unavailable(Context ctx, Throwable failure) {
        // a combined append (webhook and alert) fails with its cause wrapped
        Throwable error = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String why;
        if (error instanceof AppendRefused) {
            why = error.getMessage() + "; nothing was stored";
        } else {
            // the append failed or its ack missed the timeout; in the second case the record may yet be appended
            log.warn("append not acknowledged, answering 503: {}", error.toString());
            why = "Kafka did not acknowledge the write in time, so it may not have been stored";
        }
        ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", String.valueOf(retryAfterSeconds))
                .json(Map.of("error", why + ". Send it again after " + retryAfterSeconds + " s (a repeat is deduplicated)"));
    }
}
