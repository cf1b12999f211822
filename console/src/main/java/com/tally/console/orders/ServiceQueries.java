package com.tally.console.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.TallyJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Asks a Tally service's query API with the caller's own {@code Authorization}, which the service
 * checks again: the console sees no more than its caller may.
 */
final class ServiceQueries {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    /** What one service answered: its JSON when 200, else why there is none (its status, or why it was not reached). */
    record Answer(JsonNode body, String said) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ASK_TIMEOUT).build();

    CompletableFuture<Answer> ask(String url, String authorization) {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(ASK_TIMEOUT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).handle((answer, failure) -> {
            if (failure != null) {
                return new Answer(null, "not reachable at " + url + " (" + failure.getClass().getSimpleName() + "): check it runs");
            }
            if (answer.statusCode() != 200) {
                return new Answer(null, String.valueOf(answer.statusCode()));
            }
            try {
                return new Answer(TallyJson.mapper().readTree(answer.body()), "200");
            } catch (Exception e) {
                return new Answer(null, "200 with a body that is not JSON");
            }
        });
    }
}
