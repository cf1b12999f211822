package com.tally.ingest;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a request's answer when its append is acknowledged, without parking a thread: the
 * success answer only after the ack; 503 with Retry-After when the append was refused (too many
 * in flight, stopping) or its ack did not come in time. The sender retries; dedupe makes that safe.
 */
final class AnswerOnAck {

    private static final Logger log = LoggerFactory.getLogger(AnswerOnAck.class);

    private final long retryAfterSeconds;

    AnswerOnAck(long retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** For a Javalin route: answers {@code success} with {@code body} once Kafka acknowledged. */
    void afterAck(Context ctx, CompletableFuture<RecordMetadata> append, HttpStatus success, Map<String, ?> body) {
        var answer = afterAck(append, () -> HttpAnswer.json(success, body), acked -> { });
        ctx.future(() -> answer.thenAccept(decided -> decided.applyTo(ctx)));
    }

    /**
     * @param onSuccess the answer once Kafka acknowledged
     * @param onOutcome told whether the append was acknowledged, for counting
     * @return the answer, decided on the thread that completes {@code append}
     */
    CompletableFuture<HttpAnswer> afterAck(CompletableFuture<RecordMetadata> append, Supplier<HttpAnswer> onSuccess,
                                           Consumer<Boolean> onOutcome) {
        return append.handle((metadata, error) -> {
            onOutcome.accept(error == null);
            return error == null ? onSuccess.get() : unavailable(error);
        });
    }

    HttpAnswer unavailable(Throwable failure) {
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
        return new HttpAnswer(HttpStatus.SERVICE_UNAVAILABLE, Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
                Map.of("error", why + ". Send it again after " + retryAfterSeconds + " s (a repeat is deduplicated)"));
    }
}
