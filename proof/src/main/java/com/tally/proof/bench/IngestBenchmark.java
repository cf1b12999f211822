package com.tally.proof.bench;

import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.FreePort;
import com.tally.platform.TallyJson;
import com.tally.proof.sim.StripeEventFactory;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code sandbox bench ingest}: signed Stripe webhooks against ingest-service (signature check,
 * mapping, acks=all append) next to a bare Javalin endpoint that does no work, in the same run,
 * on the same machine, at the same concurrency; the ratio is what survives a noisy machine.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Benchmark the webhook path against a bare Javalin endpoint in the same run.")
public final class IngestBenchmark implements Callable<Integer> {

    private static final String SECRET = "whsec_bench";

    @Spec
    CommandSpec spec;

    @Option(names = "--connections", defaultValue = "64", description = "Concurrent connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds per endpoint (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "8", description = "Warm-up seconds per endpoint (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--rounds", defaultValue = "5",
            description = "Measured rounds of bare then ingest; the ratio is the median of the rounds' ratios, so one noisy minute on a shared machine does not decide it (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup-rounds", defaultValue = "1",
            description = "Rounds run first and not counted: the JIT is still compiling the broker's, the producer's and Jetty's paths through"
                    + " the first round, and each switch between the endpoints recompiles some of them until both are profiled (default: ${DEFAULT-VALUE}).")
    int warmUpRounds;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--client", defaultValue = "auto",
            description = "Load generator: wrk (Debian package wrk, its own process), java (in this JVM), or auto: wrk when installed (default: ${DEFAULT-VALUE}).")
    String client;

    @Option(names = "--out", defaultValue = "bench-results", description = "Where the JSON result goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || warmUpRounds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rounds must be at least 1 and --warmup-rounds at least 0 (got " + rounds + " and " + warmUpRounds + ")");
        }
        try (var ingest = new IngestOnItsOwnBroker("tally-bench-kafka", partitions, SECRET)) {
            Javalin bare = Javalin.create(javalin -> {
                javalin.startup.showJavalinBanner = false;
                javalin.http.compressionStrategy = CompressionStrategy.NONE;   // as ingest is set up, so only the work differs
                javalin.routes.post("/bare", ctx -> ctx.status(200).result("{}"));
            }).start(FreePort.pick());
            try {
                URI bareUri = URI.create("http://localhost:" + bare.port() + "/bare");
                URI ingestUri = URI.create(ingest.url() + "/webhooks/stripe");
                boolean wrk = client.equals("wrk") || (client.equals("auto") && WrkLoad.available());
                System.out.printf("%d connections, %d warm-up and %d measured round(s) of %d s warm-up + %d s measured per endpoint, load from %s%n",
                        connections, warmUpRounds, rounds, warmUp, seconds, wrk ? "wrk (its own process)" : "Java's HttpClient in this JVM");
                var baselines = new ArrayList<HttpLoad.Result>();
                var webhooks = new ArrayList<HttpLoad.Result>();
                for (int round = 1 - warmUpRounds; round <= rounds; round++) {
                    if (round <= 0) {
                        System.out.printf("warm-up round %d of %d (not counted)%n", round + warmUpRounds, warmUpRounds);
                    } else {
                        System.out.printf("round %d of %d%n", round, rounds);
                    }
                    // signed anew each round: Stripe's 300 s tolerance must not run out mid-run
                    List<WrkLoad.Request> requests = signedRequests(10_000);
                    HttpLoad.Result baseline;
                    HttpLoad.Result webhook;
                    if (wrk) {
                        var load = new WrkLoad(connections);
                        baseline = load.run("bare Javalin POST", bareUri, requests, Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds));
                        webhook = load.run("ingest /webhooks/stripe", ingestUri, requests, Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds));
                    } else {
                        var load = new HttpLoad(connections);
                        baseline = load.run("bare Javalin POST", i -> post(bareUri, requests.get(i % requests.size())),
                                Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds));
                        webhook = load.run("ingest /webhooks/stripe", i -> post(ingestUri, requests.get(i % requests.size())),
                                Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds));
                    }
                    if (round <= 0) {
                        System.out.printf("  not counted: bare %.0f/s, ingest %.0f/s (%.2f)%n", baseline.ratePerSecond(), webhook.ratePerSecond(),
                                webhook.ratePerSecond() / baseline.ratePerSecond());
                    } else {
                        baselines.add(baseline);
                        webhooks.add(webhook);
                    }
                }
                report(baselines, webhooks);
            } finally {
                bare.stop();
            }
        }
        return 0;
    }

    private void report(List<HttpLoad.Result> baselines, List<HttpLoad.Result> webhooks) throws Exception {
        var ratios = new ArrayList<Double>();
        var cpuRatios = new ArrayList<Double>();
        System.out.println();
        System.out.println("| round | endpoint | 2xx/s | p50 ms | p99 ms | p99.9 ms | non-2xx | failed | JVM CPU µs/request |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < baselines.size(); i++) {
            for (var r : List.of(baselines.get(i), webhooks.get(i))) {
                System.out.printf("| %d | %s | %.0f | %.2f | %.2f | %.2f | %d | %d | %.1f |%n", i + 1, r.name(), r.ratePerSecond(), r.p50Ms(),
                        r.p99Ms(), r.p999Ms(), r.otherAnswers(), r.failures(), r.jvmCpuMicrosPerRequest());
            }
            ratios.add(webhooks.get(i).ratePerSecond() / baselines.get(i).ratePerSecond());
            cpuRatios.add(baselines.get(i).jvmCpuMicrosPerRequest() / webhooks.get(i).jvmCpuMicrosPerRequest());
        }
        double ratio = median(ratios);
        double worstP99 = webhooks.stream().mapToDouble(HttpLoad.Result::p99Ms).max().orElseThrow();
        System.out.printf("%ningest / bare per round: %s; median %.2f (goal: at least 0.50); worst ingest p99 %.2f ms (goal: under 25 ms)%n",
                ratios.stream().map(r -> String.format("%.2f", r)).toList(), ratio, worstP99);
        // the rate follows the CPU each request costs when the machine is saturated; a neighbour's load moves
        // this much less than the rate, so it tells a change in the code from a noisy minute
        System.out.printf("bare / ingest JVM CPU per request (broker, ingest and bare endpoint share the JVM; wrk is not in it): %s; median %.2f%n",
                cpuRatios.stream().map(r -> String.format("%.2f", r)).toList(), median(cpuRatios));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", LocalDate.now().toString());
        json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + ", Java " + System.getProperty("java.version"));
        json.put("connections", connections);
        json.put("partitions", partitions);
        json.put("measuredSeconds", seconds);
        json.put("warmUpRounds", warmUpRounds);
        json.put("baseline", baselines);
        json.put("ingest", webhooks);
        json.put("ingestToBareRatios", ratios);
        json.put("ingestToBareRatio", ratio);
        json.put("worstIngestP99Ms", worstP99);
        json.put("bareToIngestJvmCpuPerRequestRatios", cpuRatios);
        Files.createDirectories(out);
        Path file = out.resolve("ingest-" + Instant.now().toString().replace(':', '-') + ".json");
        TallyJson.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        System.out.println("written to " + file);
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * Distinct payments, each with its own transaction ID, so the appends spread over the
     * partitions as a processor's traffic does; signed now, valid for 300 s.
     */
    private static List<WrkLoad.Request> signedRequests(int count) {
        var requests = new ArrayList<WrkLoad.Request>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            byte[] body = StripeEventFactory.paymentIntentEvent("evt_bench_" + i, "payment_intent.succeeded", "pi_bench_" + i,
                    "o-bench-" + i, 4990, "EUR", now);
            requests.add(new WrkLoad.Request(Map.of("Content-Type", "application/json",
                    "Stripe-Signature", StripeSignature.sign(SECRET, now.getEpochSecond(), body)), body));
        }
        return requests;
    }

    private static HttpRequest post(URI uri, WrkLoad.Request request) {
        return HttpLoad.post(uri, request.body(), request.headers());
    }
}
