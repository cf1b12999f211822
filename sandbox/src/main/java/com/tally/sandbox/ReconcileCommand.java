package com.tally.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.tally.ingest.reconciliation.ReportTime;
import com.tally.proof.reconcile.ReconciliationClient;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
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
        var client = new ReconciliationClient(ingestUrl, orderUrl, SandboxTokens.operatorToken(System.getenv()));
        System.out.printf("uploading %s for %s to %s%n", file, periodStart + " .. " + periodEnd, ingestUrl);
        HttpResponse<String> answer = client.upload(provider, periodStart, periodEnd, HttpRequest.BodyPublishers.ofFile(file));
        System.out.println(answer.statusCode() + " " + answer.body());
        if (answer.statusCode() != 202) {
            return 1;
        }
        String reportId = ReconciliationClient.reportId(answer);
        Optional<JsonNode> run = client.awaitReconciled(reportId, timeout, System.out::println);
        if (run.isEmpty()) {
            System.err.println("order-stream at " + orderUrl + " had not reconciled report " + reportId + " after " + timeout
                    + ": see its log, and GET /reconciliation/runs/" + reportId + " (rowsSeen against rowsInReport)");
            return 1;
        }
        System.out.println("reconciled " + reportId + ": " + ReconciliationClient.countsPerClass(run.get()) + ", match rate "
                + run.get().path("matchRate").asText() + ", " + run.get().path("discrepancies").size() + " discrepancies");
        return 0;
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
                Instant at = ReportTime.parse(created.trim());
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
            }
        }
        return first == null ? null : new Instant[] {first, last};
    }
}
