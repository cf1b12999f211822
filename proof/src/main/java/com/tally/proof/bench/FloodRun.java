package com.tally.proof.bench;

import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.CommittedLog;
import com.tally.proof.sim.StripeEventFactory;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookRejected;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code sandbox flood}: a flood of forged webhooks from one address against ingest-service on
 * its own embedded broker, with correctly signed ones interleaved, and what it leaves behind:
 * whether every signed one was answered 2xx and landed on {@code payments.webhooks}, how many
 * records and bytes the rejected topic grew by, the rejection counter, and the signed ones'
 * latency during the flood. Bounded in count, aimed only at this machine.
 */
public final class FloodRun {

    private static final String SECRET = "whsec_flood";
    private static final String FORGER_SECRET = "whsec_forger";
    /** The acceptance bound on what the rejected topic may grow by in the full-size flood (issue #17). */
    public static final long MAX_REJECTED_RECORDS = 500;

    public record Settings(int forged, int signed, int connections, int partitions, Path out) {
        public Settings {
            if (forged < 0 || signed < 1 || connections < 1 || partitions < 1) {
                throw new IllegalArgumentException("need forged >= 0, signed >= 1, connections >= 1 and partitions >= 1");
            }
        }
    }

    /**
     * What one flood showed.
     *
     * @param rejectedRecords     records the rejected topic grew by, full ones and summaries
     * @param rejectedCounted     the sum of their counts: every forged webhook when none was lost
     * @param counterGrowth       what {@code tally_ingest_webhooks_rejected_total} grew by
     */
    public record Result(int forged, int signed, long signed2xx, long signedLanded, long forged4xx, long otherAnswers, long failures,
                         double seconds, double signedP50Ms, double signedP99Ms, double signedMaxMs, long rejectedRecords,
                         long rejectedSummaries, long rejectedCounted, long rejectedBytes, double counterGrowth) {

        public boolean holds() {
            return signed2xx == signed && signedLanded == signed && forged4xx == forged && otherAnswers == 0 && failures == 0
                    && rejectedRecords <= MAX_REJECTED_RECORDS && rejectedCounted == forged && counterGrowth == forged;
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;

    public FloodRun(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Result run() throws Exception {
        try (var stack = new IngestOnItsOwnBroker("tally-flood-kafka", settings.partitions(), SECRET);
                var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            var http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newFixedThreadPool(2))
                    .build();
            URI metrics = URI.create(stack.url() + "/metrics");
            long offsetsBefore = offsets(admin);
            long bytesBefore = bytes(admin);
            double counterBefore = rejectionCounter(http, metrics);
            Flood flood;
            double counterGrowth;
            try {
                flood = flood(http, URI.create(stack.url() + "/webhooks/stripe"));
                counterGrowth = rejectionCounter(http, metrics) - counterBefore;
            } finally {
                // writes the open window's summaries, and waits for every record in flight
                stack.stopIngest();
            }
            long recordsGrown = offsets(admin) - offsetsBefore;
            long bytesGrown = bytes(admin) - bytesBefore;
            var serde = AvroSerde.of(WebhookRejected.class);
            var rejected = CommittedLog.of(stack.bootstrapServers(), Topics.WEBHOOKS_REJECTED).stream()
                    .map(r -> serde.decode(r.value())).toList();
            Set<String> signedIntents = flood.signedIntents();
            long landed = CommittedLog.of(stack.bootstrapServers(), Topics.WEBHOOKS).stream()
                    .map(r -> r.key()).filter(signedIntents::contains).distinct().count();
            var latency = flood.signedLatency();
            return new Result(settings.forged(), settings.signed(), flood.signed2xx().get(), landed, flood.forged4xx().get(),
                    flood.other().get(), flood.failures().get(), flood.seconds(),
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0,
                    recordsGrown, rejected.stream().filter(r -> r.getReceivedUntil() != null).count(),
                    rejected.stream().mapToLong(WebhookRejected::getCount).sum(), bytesGrown, counterGrowth);
        }
    }

    private record Flood(Set<String> signedIntents, AtomicLong signed2xx, AtomicLong forged4xx, AtomicLong other, AtomicLong failures,
                         double seconds, Histogram signedLatency) {
    }

    /** Whether request {@code i} of the run is a signed one: the signed are spread evenly among the forged. */
    private boolean signedAt(long i) {
        long total = (long) settings.forged() + settings.signed();
        return (i + 1) * settings.signed() / total > i * settings.signed() / total;
    }

    private Flood flood(HttpClient http, URI webhooks) throws Exception {
        int total = settings.forged() + settings.signed();
        var intents = ConcurrentHashMap.<String>newKeySet();
        var signed2xx = new AtomicLong();
        var forged4xx = new AtomicLong();
        var other = new AtomicLong();
        var failures = new AtomicLong();
        var answered = new AtomicLong();
        var latency = new Recorder(3);
        var next = new AtomicInteger();
        progress.accept(String.format("flooding: %,d forged webhooks from one address with %,d signed ones among them, %d connections",
                settings.forged(), settings.signed(), settings.connections()));
        long started = System.nanoTime();
        ExecutorService load = Executors.newFixedThreadPool(settings.connections());
        var senders = new ArrayList<Future<?>>();
        for (int c = 0; c < settings.connections(); c++) {
            senders.add(load.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    boolean signed = signedAt(i);
                    String intent = "pi_flood_" + i;
                    Instant now = Instant.now();
                    byte[] body = StripeEventFactory.paymentIntentEvent("evt_flood_" + i, "payment_intent.succeeded", intent,
                            "o-flood-" + i, 4990, "EUR", now);
                    var request = HttpLoad.post(webhooks, body, Map.of("Content-Type", "application/json",
                            "Stripe-Signature", StripeSignature.sign(signed ? SECRET : FORGER_SECRET, now.getEpochSecond(), body)));
                    long sent = System.nanoTime();
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (signed) {
                            latency.recordValue((System.nanoTime() - sent) / 1_000);
                        }
                        if (signed && status / 100 == 2) {
                            signed2xx.incrementAndGet();
                            intents.add(intent);
                        } else if (!signed && status == 401) {
                            forged4xx.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        long last = 0;
        while (senders.stream().anyMatch(f -> !f.isDone())) {
            Thread.sleep(1_000);
            long now = answered.get();
            progress.accept(String.format("  %,8d answered in the last second, %,d of %,d", now - last, now, total));
            last = now;
        }
        for (var sender : senders) {
            sender.get();
        }
        load.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Flood(Set.copyOf(intents), signed2xx, forged4xx, other, failures, seconds, latency.getIntervalHistogram());
    }

    /** Every rejection ingest counted, whatever its reason, as Prometheus reads it from /metrics. */
    private static double rejectionCounter(HttpClient http, URI metrics) throws Exception {
        var answer = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
        return answer.body().lines().filter(line -> line.startsWith("tally_ingest_webhooks_rejected_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static List<TopicPartition> rejectedPartitions(Admin admin) throws Exception {
        return admin.describeTopics(List.of(Topics.WEBHOOKS_REJECTED)).allTopicNames().get().get(Topics.WEBHOOKS_REJECTED)
                .partitions().stream().map(p -> new TopicPartition(Topics.WEBHOOKS_REJECTED, p.partition())).toList();
    }

    /** Records on the rejected topic: its end offsets (the idempotent producer writes no transaction markers). */
    private static long offsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = rejectedPartitions(admin).stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    /** Bytes the rejected topic's partitions hold on the broker's disk. */
    private static long bytes(Admin admin) throws Exception {
        var brokers = admin.describeCluster().nodes().get().stream().map(node -> node.id()).toList();
        var partitions = Set.copyOf(rejectedPartitions(admin));
        return admin.describeLogDirs(brokers).allDescriptions().get().values().stream()
                .flatMap(dirs -> dirs.values().stream())
                .flatMap(dir -> dir.replicaInfos().entrySet().stream())
                .filter(replica -> partitions.contains(replica.getKey()))
                .mapToLong(replica -> replica.getValue().size()).sum();
    }

    /** Prints the figures and writes them as JSON under {@code settings.out()}; returns the file. */
    public Path report(Result result, PrintStream out) throws Exception {
        out.println();
        out.printf("forged webhooks (one address):   %,d sent, %,d answered 401%n", result.forged(), result.forged4xx());
        out.printf("signed webhooks among them:      %,d sent, %,d answered 2xx, %,d on %s%n", result.signed(), result.signed2xx(),
                result.signedLanded(), Topics.WEBHOOKS);
        out.printf("other answers / failed requests: %,d / %,d%n", result.otherAnswers(), result.failures());
        out.printf("signed latency during the flood: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%,.0f requests/s over %.1f s)%n",
                result.signedP50Ms(), result.signedP99Ms(), result.signedMaxMs(), (result.forged() + result.signed()) / result.seconds(),
                result.seconds());
        out.printf("%s grew by:  %,d records (%,d of them summaries; at most %,d allowed), %,d bytes%n", Topics.WEBHOOKS_REJECTED,
                result.rejectedRecords(), result.rejectedSummaries(), MAX_REJECTED_RECORDS, result.rejectedBytes());
        out.printf("rejections those records count:  %,d%n", result.rejectedCounted());
        out.printf("tally_ingest_webhooks_rejected_total grew by %,.0f%n", result.counterGrowth());
        out.println(result.holds() ? "HOLDS: every signed webhook accepted and stored; the rejected topic bounded; every forged one counted"
                : "DOES NOT HOLD: see the figures above");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", LocalDate.now().toString());
        json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + ", Java " + System.getProperty("java.version"));
        json.put("connections", settings.connections());
        json.put("partitions", settings.partitions());
        json.put("result", result);
        json.put("holds", result.holds());
        Files.createDirectories(settings.out());
        Path file = settings.out().resolve("flood-" + Instant.now().toString().replace(':', '-') + ".json");
        TallyJson.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        out.println("written to " + file);
        return file;
    }
}
