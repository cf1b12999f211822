package com.tally.proof.bench;

import com.tally.platform.TallyJson;
import com.tally.platform.TempDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sandbox bench reconcile}: a generated Stripe report far larger than ingest-service's
 * heap, uploaded to an ingest in its own JVM with that heap: the report passes only if ingest
 * streams it (to disk, then to Kafka) rather than holding it. It measures rows per second from
 * the request to the 202, and ingest's peak resident memory.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Upload a generated Stripe reconciliation report to ingest-service in a small heap: rows/s and peak RSS.")
public final class ReconciliationUploadBenchmark implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the generated report (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--heap", defaultValue = "128m", description = "ingest-service's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--seed", defaultValue = "22", description = "The report generator's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "bench-results", description = "Where results go (default: ${DEFAULT-VALUE}).")
    Path out;

    record Summary(String date, String machine, long rows, long reportBytes, String ingestMaxHeap, int status, long committed,
                   double uploadSeconds, double rowsPerSecond, long ingestPeakRssMiB) {
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        // the report and the broker's data are hundreds of megabytes: they go, unless the run failed and its logs are wanted
        try (var work = TempDirectory.create("tally-bench-reconcile")) {
            ReportUploadRun.Result result;
            try {
                result = ReportUploadRun.run(work.path(), rows, seed, heap, System.out::println);
            } catch (Exception | Error e) {
                work.keep();
                System.err.println("bench reconcile failed; the processes' logs are kept in " + work.path());
                throw e;
            }
            var summary = new Summary(LocalDate.now().toString(), PaymentPathBenchmark.machine(), rows, result.report().bytes(), heap,
                    result.status(), result.committed(), Math.round(result.uploadSeconds() * 10) / 10.0,
                    Math.round(result.rowsPerSecond()), result.peakRssKiB() / 1024);
            Path json = out.resolve("reconcile-" + Instant.now().toString().replace(':', '-') + ".json");
            TallyJson.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), summary);
            System.out.printf("%n%,d rows (%,.1f MiB) to ingest-service with -Xmx%s: %d, %,d records committed, %.1f s, %,.0f rows/s,"
                            + " ingest peak RSS %,d MiB%nwritten to %s%n", rows, result.report().bytes() / 1048576.0, heap, result.status(),
                    result.committed(), result.uploadSeconds(), result.rowsPerSecond(), result.peakRssKiB() / 1024, json);
            boolean whole = result.status() == 202 && result.committed() == rows && result.answer().path("rows").asLong() == rows;
            if (!whole) {
                work.keep();
                System.err.println("the report was not taken whole; the processes' logs are kept in " + work.path());
            }
            return whole ? 0 : 1;
        }
    }
}
