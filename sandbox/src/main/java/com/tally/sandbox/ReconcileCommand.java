package com.tally.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.tally.platform.Access;
import com.tally.platform.TallyJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox reconcile}: uploads a processor's report to ingest and waits for order-stream to reconcile it. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Upload a settlement report (such as `sandbox processor-report`'s) to ingest-service's",
                "POST /reconciliation/reports/{provider}, print the answer, then wait until order-stream has reconciled it",
                "(GET /reconciliation/runs/{reportId}) and print the transactions per class.",
                "Uses TALLY_OPERATOR_TOKEN, else the operator token in .tally/sandbox/tokens.env."})
final class ReconcileCommand implements Callable<Integer> {

    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Around the rows' own times: Tally stamps a charge or refund a moment before or after the processor's row. */
    static final Duration MARGIN = Duration.ofMinutes(1);

    @Parameters(index = "0", description = "The report, a CSV file.")
    Path file;

    @Option(names = "--provider", defaultValue = "stripe",
            description = "stripe (Stripe's itemized report) or standard (Tally's canonical CSV) (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--period-start", description = "ISO-8601 instant, inclusive (default: a minute before the file's first row).")
    Instant periodStart;

    @Option(names = "--period-end", description = "ISO-8601 instant, exclusive (default: a minute after the file's last row).")
    Instant periodEnd;

    @Option(names = "--ingest-url", defaultValue = "http://localhost:8080", description = "ingest-service (default: ${DEFAULT-VALUE}).")
    String ingestUrl;

    @Option(names = "--order-url", defaultValue = "http://localhost:8081", description = "order-stream (default: ${DEFAULT-VALUE}).")
    String orderUrl;

    @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for the run to be reconciled (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        if (periodStart == null || periodEnd == null) {
            Instant[] span = span(file);
            if (span == null) {
                System.err.println(file + " has no rows with a created_utc: pass --period-start and --period-end");
                return 2;
            }
            periodStart = periodStart != null ? periodStart : span[0].minus(MARGIN).truncatedTo(ChronoUnit.SECONDS);
            periodEnd = periodEnd != null ? periodEnd : span[1].plus(MARGIN).plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        }
        String token = SandboxTokens.operatorToken(System.getenv());
        var upload = HttpRequest.newBuilder(URI.create(ingestUrl + "/reconciliation/reports/" + URLEncoder.encode(provider, StandardCharsets.UTF_8)
                        + "?periodStart=" + periodStart + "&periodEnd=" + periodEnd))
                .header("Authorization", Access.bearer(token)).header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(15)).POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        System.out.printf("uploading %s for %s to %s%n", file, periodStart + " .. " + periodEnd, ingestUrl);
        HttpResponse<String> answer = http.send(upload, HttpResponse.BodyHandlers.ofString());
        System.out.println(answer.statusCode() + " " + answer.body());
        if (answer.statusCode() != 202) {
            return 1;
        }
        String reportId = TallyJson.mapper().readTree(answer.body()).path("reportId").asText();
        JsonNode run = awaitReconciled(reportId, token);
        if (run == null) {
            System.err.println("order-stream at " + orderUrl + " had not reconciled report " + reportId + " after " + timeout
                    + ": see its log, and GET /reconciliation/runs/" + reportId + " (rowsSeen against rowsInReport)");
            return 1;
        }
        System.out.println("reconciled " + reportId + ": " + countsPerClass(run) + ", match rate " + run.path("matchRate").asText()
                + ", " + run.path("discrepancies").size() + " discrepancies");
        return 0;
    }

    private JsonNode awaitReconciled(String reportId, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(orderUrl + "/reconciliation/runs/" + URLEncoder.encode(reportId, StandardCharsets.UTF_8)))
                .header("Authorization", Access.bearer(token)).timeout(Duration.ofSeconds(10)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                JsonNode run = TallyJson.mapper().readTree(answer.body());
                if (run.path("reconciled").asBoolean()) {
                    return run;
                }
                System.out.printf("waiting for order-stream: %d of %d rows seen%n", run.path("rowsSeen").asInt(), run.path("rowsInReport").asInt());
            } else if (answer.statusCode() == 401) {
                throw new IllegalStateException("order-stream refused the operator token: " + answer.body());
            }
            // 404 until the first row reaches order-stream, 503 while it rebalances
            Thread.sleep(500);
        }
        return null;
    }

    /** Transactions per class, over every currency. */
    static Map<String, Long> countsPerClass(JsonNode run) {
        var counts = new TreeMap<String, Long>();
        run.path("totals").fields().forEachRemaining(klass -> klass.getValue().forEach(
                perCurrency -> counts.merge(klass.getKey(), perCurrency.path("count").asLong(), Long::sum)));
        return counts;
    }

    /** The first and last {@code created_utc} of the file's rows, or null when it has none. */
    static Instant[] span(Path file) throws IOException {
        Instant first = null;
        Instant last = null;
        var csv = new CsvMapper().enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        try (MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader())
                .readValues(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            while (rows.hasNext()) {
                String created = rows.next().get("created_utc");
                if (created == null || created.isBlank()) {
                    continue;
                }
                Instant at = created.contains("T") ? Instant.parse(created.trim())
                        : LocalDateTime.parse(created.trim(), SPACED).toInstant(ZoneOffset.UTC);
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
            }
        }
        return first == null ? null : new Instant[] {first, last};
    }
}
