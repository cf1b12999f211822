package com.tally.proof.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.Access;
import com.tally.platform.TallyJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What an operator does over HTTP to reconcile a report: upload it to ingest-service
 * ({@code POST /reconciliation/reports/{provider}}), then wait for order-stream's run of it
 * ({@code GET /reconciliation/runs/{reportId}}). {@code tally reconcile} and the acceptance test
 * both go through here.
 */
public final class ReconciliationClient {

    /** Long enough for a report of a million rows to be validated and appended before ingest answers. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingestUrl;
    private final String orderUrl;
    private final String operatorToken;

    public ReconciliationClient(String ingestUrl, String orderUrl, String operatorToken) {
        this.ingestUrl = ingestUrl;
        this.orderUrl = orderUrl;
        this.operatorToken = operatorToken;
    }

    /** The upload's answer as it came: 202 with the report ID and its counts, or what was wrong. */
    public HttpResponse<String> upload(String provider, Instant periodStart, Instant periodEnd, HttpRequest.BodyPublisher report)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(ingestUrl + "/reconciliation/reports/" + URLEncoder.encode(provider, StandardCharsets.UTF_8)
                        + "?periodStart=" + periodStart + "&periodEnd=" + periodEnd))
                .header("Authorization", Access.bearer(operatorToken)).header("Content-Type", "text/csv")
                .timeout(UPLOAD_TIMEOUT).POST(report).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The report ID of an accepted upload's answer. */
    public static String reportId(HttpResponse<String> accepted) throws IOException {
        return TallyJson.mapper().readTree(accepted.body()).path("reportId").asText();
    }

    /**
     * The run once order-stream has reconciled the whole report, or empty if it has not within
     * {@code timeout}; {@code progress} hears how many rows it has seen meanwhile.
     */
    public Optional<JsonNode> awaitReconciled(String reportId, Duration timeout, Consumer<String> progress) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(orderUrl + "/reconciliation/runs/" + URLEncoder.encode(reportId, StandardCharsets.UTF_8)))
                .header("Authorization", Access.bearer(operatorToken)).timeout(Duration.ofSeconds(10)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                JsonNode run = TallyJson.mapper().readTree(answer.body());
                if (run.path("reconciled").asBoolean()) {
                    return Optional.of(run);
                }
                progress.accept(String.format("waiting for order-stream: %d of %d rows seen", run.path("rowsSeen").asInt(),
                        run.path("rowsInReport").asInt()));
            } else if (answer.statusCode() == 401) {
                throw new IllegalStateException("order-stream refused the operator token: " + answer.body());
            }
            // 404 until the first row reaches order-stream, 503 while it rebalances
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        return Optional.empty();
    }

    /** Transactions per class of a run, over every currency. */
    public static Map<String, Long> countsPerClass(JsonNode run) {
        var counts = new TreeMap<String, Long>();
        run.path("totals").fields().forEachRemaining(klass -> klass.getValue().forEach(
                perCurrency -> counts.merge(klass.getKey(), perCurrency.path("count").asLong(), Long::sum)));
        return counts;
    }
}
