package com.tally.proof.verify;

import com.tally.platform.Access;
import com.tally.platform.TallyJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The verifier's questions to one service's query API, with an operator's token: a 404 is "not
 * there", a 503 (the service is rebalancing) is asked again, and anything else ends the run.
 */
final class ServiceQuery {

    private final String service;
    private final String baseUrl;
    private final String operatorToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServiceQuery(String service, String baseUrl, String operatorToken) {
        this.service = service;
        this.baseUrl = baseUrl;
        this.operatorToken = operatorToken;
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }

    <T> Optional<T> get(String path, Class<T> type) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", Access.bearer(operatorToken)).GET().build();
        for (int attempt = 0; attempt < 20; attempt++) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                return Optional.of(TallyJson.mapper().readValue(answer.body(), type));
            }
            if (answer.statusCode() == 404) {
                return Optional.empty();
            }
            if (answer.statusCode() == 401) {
                throw new IllegalStateException(service + " at " + baseUrl + " refused the operator token: " + answer.body());
            }
            Thread.sleep(500);   // 503 while rebalancing: ask again
        }
        throw new IllegalStateException(service + " at " + baseUrl + " kept answering " + path + " with an error: is it running?");
    }

    /**
     * Asks {@code path} until its answer has nothing {@code pending}: what a simulator still has on
     * its way back to ingest, which the topics cannot show yet.
     *
     * @param what what is pending, as the progress lines and the failure name it
     */
    <T> void awaitNonePending(String path, Class<T> type, ToIntFunction<T> pending, String what, Duration timeout,
                              Consumer<String> progress) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int left = get(path, type).map(pending::applyAsInt)
                    .orElseThrow(() -> new IllegalStateException(service + " at " + baseUrl + " does not answer GET " + path));
            if (left == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " still has " + left + " " + what + " after " + timeout
                        + ": is ingest-service up? Its log says why it refuses them");
            }
            progress.accept("waiting for " + service + ": " + left + " " + what);
            Thread.sleep(500);
        }
    }
}
