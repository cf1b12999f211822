package com.tally.proof.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.TallyJson;
import com.tally.proof.reconcile.GeneratedReport;
import com.tally.proof.reconcile.StripeReportGenerator;
import com.tally.proof.stack.ProcessStack;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.stack.TallyProcesses;
import com.tally.schemas.Topics;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One upload of a generated Stripe report to an ingest-service in a child JVM with a heap of
 * its own, on a broker in another: the report is written to disk, sent as the request's body
 * straight from the file with the operator token, and the records committed on
 * {@code payments.settlements} are counted back (read_committed). The figures are the rows per
 * second from the request's start to the 202, and the peak resident size of ingest's JVM.
 */
public final class ReportUploadRun {

    /** The report's period: a month, as Stripe runs a payout reconciliation report. */
    static final Instant PERIOD_START = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant PERIOD_END = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(20);

    /**
     * @param status        the upload's HTTP status
     * @param answer        its JSON body
     * @param committed     the records on payments.settlements a read_committed reader saw after it
     * @param uploadSeconds from the request's first byte to its answer
     * @param peakRssKiB    the kernel's high-water mark of ingest's resident size (VmHWM), read after the upload
     */
    public record Result(GeneratedReport report, String maxHeap, int status, JsonNode answer, long committed, double uploadSeconds,
                         double rowsPerSecond, long peakRssKiB) {
    }

    private ReportUploadRun() {
    }

    /** Generates {@code rows} rows from {@code seed} under {@code work}, starts the stack there, uploads, counts, stops the stack. */
    public static Result run(Path work, long rows, long seed, String maxHeap, Consumer<String> progress) throws Exception {
        Files.createDirectories(work);
        long generating = System.nanoTime();
        var report = new StripeReportGenerator(seed, PERIOD_START, PERIOD_END).write(rows, work.resolve("payout_reconciliation.csv"));
        progress.accept(String.format("generated %,d rows (%,.1f MiB) in %.1f s: %s", report.rows(), report.bytes() / 1048576.0,
                seconds(System.nanoTime() - generating), report.file()));
        try (var stack = new ProcessStack(work.resolve("stack"), 3, List.of(TallyProcesses.INGEST), Map.of())
                .maxHeap(TallyProcesses.INGEST.name(), maxHeap)) {
            stack.start();
            long pid = stack.process(TallyProcesses.INGEST.name()).pid();
            progress.accept("broker and ingest-service (-Xmx" + maxHeap + ", pid " + pid + ") ready; uploading");
            var sent = new AtomicLong();
            var ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "upload-progress"));
            ticker.scheduleAtFixedRate(() -> progress.accept(String.format("  sent %,.1f of %,.1f MiB; ingest resident %,d MiB",
                    sent.get() / 1048576.0, report.bytes() / 1048576.0, ProcessStats.of(pid).rssKiB() / 1024)),
                    PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            HttpResponse<String> answer;
            long started = System.nanoTime();
            try {
                answer = upload(stack.url(TallyProcesses.INGEST.name()), report, sent);
            } finally {
                ticker.shutdownNow();
            }
            double uploadSeconds = seconds(System.nanoTime() - started);
            long peak = ProcessStats.of(pid).peakRssKiB();
            progress.accept(String.format("answered %d after %.1f s: %s", answer.statusCode(), uploadSeconds, abbreviated(answer.body())));
            JsonNode body = TallyJson.mapper().readTree(answer.body());
            long committed = answer.statusCode() == 202 ? committed(stack.kafka(), rows) : 0;
            progress.accept(String.format("%,d records committed on %s", committed, Topics.SETTLEMENTS));
            return new Result(report, maxHeap, answer.statusCode(), body, committed, uploadSeconds, rows / uploadSeconds, peak);
        }
    }

    private static HttpResponse<String> upload(String ingestUrl, GeneratedReport report, AtomicLong sent) throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        var url = URI.create(ingestUrl + "/reconciliation/reports/stripe?periodStart=" + PERIOD_START + "&periodEnd=" + PERIOD_END);
        // from the file as it is read, with its length declared: the body is never in this JVM's memory either
        var body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> counted(report.file(), sent)),
                report.bytes());
        var request = HttpRequest.newBuilder(url).timeout(ANSWER_TIMEOUT)
                .header("Authorization", "Bearer " + StackEnvironment.DEFAULT_OPERATOR_TOKEN)
                .header("Content-Type", "text/csv")
                .POST(body).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static InputStream counted(Path file, AtomicLong sent) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = super.read(buffer, offset, length);
                    if (read > 0) {
                        sent.addAndGet(read);
                    }
                    return read;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report " + file, e);
        }
    }

    /**
     * The records a read_committed reader sees on payments.settlements, read to the end of every
     * partition once at least {@code expected} arrived (so too many would show), or as many as
     * arrived within a minute: a commit's markers reach the partitions just after it is acknowledged.
     */
    static long committed(KafkaConfig kafka, long expected) {
        try (var consumer = new KafkaConsumer<byte[], byte[]>(KafkaDefaults.reader(kafka, "tally-bench-reconcile"))) {
            var partitions = consumer.partitionsFor(Topics.SETTLEMENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(500)).count();
                if (count >= expected) {
                    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                    if (partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
                        return count;
                    }
                }
            }
            return count;
        }
    }

    private static String abbreviated(String body) {
        return body.length() <= 400 ? body : body.substring(0, 400) + "…";
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
