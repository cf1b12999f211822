package com.tally.sandbox.bench;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.IngestService;
import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TallyJson;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.broker.EmbeddedKafkaBroker;
import com.tally.sandbox.StripeEventFactory;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sandbox bench ingest}: signed Stripe webhooks against ingest-service (signature check,
 * mapping, acks=all append) next to a bare Javalin endpoint that does no work, in the same run,
 * on the same machine, at the same concurrency; the ratio is what survives a noisy machine.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Benchmark the webhook path against a bare Javalin endpoint in the same run.")
public final class IngestBenchmark implements Callable<Integer> {

    private static final String SECRET = "whsec_bench";

    @Option(names = "--connections", defaultValue = "64", description = "Concurrent connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds per endpoint (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds per endpoint (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--client", defaultValue = "auto",
            description = "Load generator: wrk (Debian package wrk, its own process), java (in this JVM), or auto: wrk when installed (default: ${DEFAULT-VALUE}).")
    String client;

    @Option(names = "--out", defaultValue = "bench-results", description = "Where the JSON result goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("tally-bench-kafka");
        try (var broker = EmbeddedKafkaBroker.builder().port(0).dataDir(dir).build().start()) {
            var config = IngestConfig.fromEnv(Map.of(
                    KafkaConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    KafkaConfig.PARTITIONS, String.valueOf(partitions),
                    IngestConfig.PORT, String.valueOf(freePort()),
                    IngestConfig.PROVIDERS, "stripe",
                    IngestConfig.STRIPE_WEBHOOK_SECRET, SECRET));
            TopicProvisioner.provision(config.kafka(), TopicProvisioner.tallyTopics(List.of()));
            var ingest = new IngestService(config, Clock.systemUTC());
            ingest.start();
            Javalin bare = Javalin.create(javalin -> {
                javalin.startup.showJavalinBanner = false;
                javalin.http.compressionStrategy = CompressionStrategy.NONE;   // as ingest is set up, so only the work differs
                javalin.routes.post("/bare", ctx -> ctx.status(200).result("{}"));
            }).start(freePort());
            try {
                byte[][] bodies = signedBodies(20_000);
                String[] signatures = signatures(bodies);
                URI bareUri = URI.create("http://localhost:" + bare.port() + "/bare");
                URI ingestUri = URI.create(ingest.url() + "/webhooks/stripe");
                boolean wrk = client.equals("wrk") || (client.equals("auto") && WrkLoad.available());
                System.out.printf("%d connections, %d s warm-up + %d s measured per endpoint, load from %s%n", connections, warmUp, seconds,
                        wrk ? "wrk (its own process)" : "Java's HttpClient in this JVM");
                HttpLoad.Result baseline;
                HttpLoad.Result webhooks;
                if (wrk) {
                    var load = new WrkLoad(connections);
                    // wrk repeats one body: ingest appends every delivery, repeats are dropped only downstream
                    baseline = load.run("bare Javalin POST", bareUri, bodies[0], Map.of("Content-Type", "application/json"),
                            Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds));
                    webhooks = load.run("ingest /webhooks/stripe", ingestUri, bodies[0],
                            Map.of("Content-Type", "application/json", "Stripe-Signature", signatures[0]),
                            Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds));
                } else {
                    var load = new HttpLoad(connections);
                    baseline = load.run("bare Javalin POST", i -> HttpLoad.post(bareUri, bodies[i % bodies.length],
                            List.of("Content-Type", "application/json")), Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds));
                    webhooks = load.run("ingest /webhooks/stripe", i -> HttpLoad.post(ingestUri, bodies[i % bodies.length],
                            List.of("Content-Type", "application/json", "Stripe-Signature", signatures[i % bodies.length])),
                            Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds));
                }
                report(baseline, webhooks);
            } finally {
                bare.stop();
                ingest.close();
            }
        }
        return 0;
    }

    private void report(HttpLoad.Result baseline, HttpLoad.Result webhooks) throws Exception {
        double ratio = webhooks.ratePerSecond() / baseline.ratePerSecond();
        System.out.println();
        System.out.println("| endpoint | 2xx/s | p50 ms | p99 ms | p99.9 ms | non-2xx | failed |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (var r : List.of(baseline, webhooks)) {
            System.out.printf("| %s | %.0f | %.2f | %.2f | %.2f | %d | %d |%n", r.name(), r.ratePerSecond(), r.p50Ms(), r.p99Ms(),
                    r.p999Ms(), r.otherAnswers(), r.failures());
        }
        System.out.printf("%ningest / bare = %.2f (goal: at least 0.50); ingest p99 %.2f ms (goal: under 25 ms)%n",
                ratio, webhooks.p99Ms());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", LocalDate.now().toString());
        json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + ", Java " + System.getProperty("java.version"));
        json.put("connections", connections);
        json.put("partitions", partitions);
        json.put("measuredSeconds", seconds);
        json.put("baseline", baseline);
        json.put("ingest", webhooks);
        json.put("ingestToBareRatio", ratio);
        Files.createDirectories(out);
        Path file = out.resolve("ingest-" + Instant.now().toString().replace(':', '-') + ".json");
        TallyJson.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        System.out.println("written to " + file);
    }

    /** Distinct events, so nothing downstream could mistake them for repeats; signed now, valid for 300 s. */
    private static byte[][] signedBodies(int count) {
        byte[][] bodies = new byte[count][];
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            bodies[i] = StripeEventFactory.paymentIntentEvent("evt_bench_" + i, "payment_intent.succeeded", "pi_bench_" + i,
                    "o-bench-" + i, 4990, "EUR", now);
        }
        return bodies;
    }

    private static String[] signatures(byte[][] bodies) {
        long now = Instant.now().getEpochSecond();
        String[] signatures = new String[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            signatures[i] = StripeSignature.sign(SECRET, now, bodies[i]);
        }
        return signatures;
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
