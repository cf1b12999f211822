package com.tally.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.tally.platform.TallyJson;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * What a request is answered, decided before it is written: a status, extra headers and a JSON
 * body. Deciding it apart from writing it lets the webhook path answer through Jetty's core API
 * and the order path through Javalin with one set of rules.
 */
record HttpAnswer(HttpStatus status, Map<String, String> headers, Map<String, ?> body) {

    HttpAnswer {
        Objects.requireNonNull(status, "status");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    static HttpAnswer json(HttpStatus status, Map<String, ?> body) {
        return new HttpAnswer(status, Map.of(), body);
    }

    byte[] bodyBytes() {
        try {
            return TallyJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the answer as JSON", e);
        }
    }

    void applyTo(Context ctx) {
        ctx.status(status);
        headers.forEach(ctx::header);
        ctx.json(body);
    }
}
