package com.tally.proof.bench;

import com.tally.order.OrderConfig;
import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.TallyJson;
import com.tally.platform.TempDirectory;
import com.tally.proof.sim.Mix;
import com.tally.proof.sim.Simulator;
import com.tally.proof.sim.Stories;
import com.tally.proof.stack.ChildProcess;
import com.tally.proof.stack.ProcessStack;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.stack.TallyProcesses;
import com.tally.proof.verify.QuietLog;
import com.tally.proof.verify.TallyInvariants;
import com.tally.proof.verify.Verifier;
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
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sandbox bench payments}: the payment path (webhook → order PAID) under the simulator's
 * load with the default 30 % duplicates, broker, ingest and order-stream each in its own JVM on
 * this machine. In one run it measures the sustained orders/s with exactly-once, the same
 * workload at-least-once (the price of exactly-once as a ratio), the latency from webhook 2xx to
 * PAID visible through interactive queries at half the saturating rate, the records the pipeline
 * writes against a bare idempotent producer's ceiling, and CPU and peak memory per process.
 */
@Command(name = "payments", mixinStandardHelpOptions = true,
        description = "Benchmark the payment path: exactly-once against at-least-once, latency at half load, the raw producer ceiling.")
public final class PaymentPathBenchmark implements Callable<Integer> {

    @Option(names = "--orders", defaultValue = "6000", description = "Orders per saturating run (default: ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--connections", defaultValue = "64", description = "Simulator connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "Length of the half-rate latency run (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--latency-rate", description = "Requests/s of the latency run instead of half the saturating rate: "
            + "to compare two builds at one load, since each measures its own saturating rate.")
    Double latencyRate;

    @Option(names = "--out", defaultValue = "bench-results", description = "Where results go (default: ${DEFAULT-VALUE}).")
    Path out;

    /** One saturating run. */
    record Throughput(String guarantee, int orders, int requests, double seconds, double ordersPerSecond, double requestsPerSecond,
                      double pipelineOffsetsPerSecond, Map<String, Double> cpuPercent, Map<String, Long> peakRssMiB) {

        /** Both runs of one guarantee as one: totals over total time. */
        static Throughput of(Throughput first, Throughput second) {
            int orders = first.orders + second.orders;
            int requests = first.requests + second.requests;
            double seconds = first.seconds + second.seconds;
            double offsets = first.pipelineOffsetsPerSecond * first.seconds + second.pipelineOffsetsPerSecond * second.seconds;
            var cpu = new LinkedHashMap<String, Double>();
            first.cpuPercent.forEach((process, percent) -> cpu.put(process,
                    round((percent * first.seconds + second.cpuPercent.get(process) * second.seconds) / seconds)));
            var rss = new LinkedHashMap<String, Long>();
            first.peakRssMiB.forEach((process, mib) -> rss.put(process, Math.max(mib, second.peakRssMiB.get(process))));
            return new Throughput(first.guarantee, orders, requests, round(seconds), round(orders / seconds), round(requests / seconds),
                    round(offsets / seconds), cpu, rss);
        }
    }

    record Latency(double requestsPerSecond, int orders, long sampled, int neverSeenPaid, double p50Ms, double p95Ms, double p99Ms,
                   double maxMs) {
    }

    record Result(String date, String machine, List<Throughput> runs, Throughput exactlyOnce, Throughput atLeastOnce, double exactlyOnceRatio,
                  Latency latencyAtHalfRate, double rawProducerRecordsPerSecond, double pipelineToRawRatio, Map<String, String> goals) {
    }

    private static final Duration LATENCY_WARM_UP = Duration.ofSeconds(20);
    private static final int ORDER_STREAM_WARM_UP = 3_000;

    private final Mix mix = Mix.defaults();
    private int run;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        String stamp = Instant.now().toString().replace(':', '-');
        var streams = Map.of(OrderConfig.INSTANCE_ID, "bench-1", KafkaConfig.STANDBY_REPLICAS, "0");
        // the broker's data is gigabytes after a run: it goes, unless the run failed and its logs are wanted
        try (var work = TempDirectory.create("tally-bench-payments")) {
            try {
                measure(work.path(), streams, stamp);
            } catch (Exception | Error e) {
                work.keep();
                System.err.println("bench payments failed; the processes' logs are kept in " + work.path());
                throw e;
            }
        }
        return 0;
    }

    private void measure(Path work, Map<String, String> streams, String stamp) throws Exception {
        try (var stack = new ProcessStack(work, partitions, TallyProcesses.PAYMENT_PATH, streams).start();
             Admin admin = Admin.create(KafkaDefaults.admin(stack.kafka()))) {
            // the JIT needs tens of seconds of this load before the rate settles (the first run measured 0.7 of the last)
            System.out.printf("warming up the JVMs with %,d orders%n", 3 * orders);
            saturate(stack, admin, 3 * orders, KafkaConfig.EXACTLY_ONCE);
            // exactly-once, at-least-once, at-least-once, exactly-once: the JVMs keep getting faster for
            // minutes, and in this order a steady drift favours neither guarantee
            var runs = new ArrayList<Throughput>();
            runs.add(saturate(stack, admin, orders, KafkaConfig.EXACTLY_ONCE));
            switchGuarantee(stack, admin, KafkaConfig.AT_LEAST_ONCE);
            runs.add(saturate(stack, admin, orders, KafkaConfig.AT_LEAST_ONCE));
            runs.add(saturate(stack, admin, orders, KafkaConfig.AT_LEAST_ONCE));
            switchGuarantee(stack, admin, KafkaConfig.EXACTLY_ONCE);
            runs.add(saturate(stack, admin, orders, KafkaConfig.EXACTLY_ONCE));
            Throughput eos = Throughput.of(runs.get(0), runs.get(3));
            Throughput alos = Throughput.of(runs.get(1), runs.get(2));
            // measured on JVMs the saturating runs warmed: a fresh one would put its start-up into the figures
            var probeResult = latencyAtHalf(stack, admin, eos, out.resolve("payments-latency-" + stamp));
            System.out.println("measuring the raw producer ceiling for 10 s");
            double raw = RawProducerCeiling.recordsPerSecond(stack.kafka(), Duration.ofSeconds(10));
            var result = new Result(LocalDate.now().toString(), machine(), runs, eos, alos, eos.ordersPerSecond() / alos.ordersPerSecond(),
                    probeResult, raw, eos.pipelineOffsetsPerSecond() / raw, goals(eos, alos, probeResult, raw));
            Path json = out.resolve("payments-" + stamp + ".json");
            TallyJson.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
            String markdown = markdown(result);
            Files.writeString(out.resolve("payments-" + stamp + ".md"), markdown);
            System.out.println();
            System.out.println(markdown);
            System.out.println("written to " + json + " (with .md, and the latency chart as -latency-" + stamp + ".svg/.png)");
        }
    }

    /** A fresh order-stream JVM with the other guarantee, warmed up before it is measured. */
    private void switchGuarantee(ProcessStack stack, Admin admin, String guarantee) throws Exception {
        stack.replace(TallyProcesses.ORDER_STREAM.name(), Map.of(KafkaConfig.PROCESSING_GUARANTEE, guarantee));
        saturate(stack, admin, ORDER_STREAM_WARM_UP, guarantee);
    }

    private Throughput saturate(ProcessStack stack, Admin admin, int count, String guarantee) throws Exception {
        // the load generator's own JVM is counted too: on 2 cores every process takes from the same CPU
        var pids = new LinkedHashMap<String, Long>();
        for (ChildProcess process : stack.processes()) {
            pids.put(process.name(), process.pid());
        }
        pids.put("load (simulator)", ProcessHandle.current().pid());
        var before = new LinkedHashMap<String, ProcessStats>();
        pids.forEach((name, pid) -> before.put(name, ProcessStats.of(pid)));
        long offsetsBefore = LogGrowth.offsets(admin);
        long start = System.nanoTime();
        var result = simulate(stack, count, 1e9, Simulator.AnswerListener.NONE);
        awaitPipelineQuiet(stack, admin, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        long offsets = LogGrowth.offsets(admin) - offsetsBefore;
        var cpu = new LinkedHashMap<String, Double>();
        var rss = new LinkedHashMap<String, Long>();
        pids.forEach((name, pid) -> {
            ProcessStats after = ProcessStats.of(pid);
            cpu.put(name, round(ProcessStats.cpuPercent(before.get(name), after, seconds)));
            rss.put(name, after.peakRssKiB() / 1024);
        });
        var throughput = new Throughput(guarantee, count, result.deliveries(), round(seconds), round(count / seconds),
                round(result.deliveries() / seconds), round(offsets / seconds), cpu, rss);
        System.out.printf("%s: %,d orders (%,d requests, %,d answered otherwise) through the payment path in %.1f s: %,.0f orders/s; CPU %s; peak RSS MiB %s%n",
                guarantee, count, result.deliveries(), result.unexpected(), seconds, count / seconds, cpu, rss);
        return throughput;
    }

    private Latency latencyAtHalf(ProcessStack stack, Admin admin, Throughput saturated, Path chart) throws Exception {
        double rate = latencyRate != null ? latencyRate : saturated.requestsPerSecond() / 2;
        double requestsPerOrder = saturated.requests() / (double) saturated.orders();
        int count = (int) Math.max(200, rate * latencySeconds / requestsPerOrder);
        // the same rate, probed but unmeasured, first: after a saturating run latency falls for about 20 s (the
        // broker cleans the changelogs just written, order-stream's query path is still cold); the goal is about
        // the sustained rate
        int warmUpCount = (int) (rate * LATENCY_WARM_UP.toSeconds() / requestsPerOrder);
        System.out.printf("latency run: %d s at %,.0f requests/s (%s) unmeasured, then %,d orders measured%n",
                LATENCY_WARM_UP.toSeconds(), rate, latencyRate != null ? "--latency-rate" : "half the saturating rate", count);
        try (var unmeasured = new PaidLatencyProbe(stack.url(TallyProcesses.ORDER_STREAM.name()), StackEnvironment.DEFAULT_OPERATOR_TOKEN, 25)) {   // warms the query path too
            simulate(stack, warmUpCount, rate, unmeasured);
        }
        try (var probe = new PaidLatencyProbe(stack.url(TallyProcesses.ORDER_STREAM.name()), StackEnvironment.DEFAULT_OPERATOR_TOKEN, 25)) {
            simulate(stack, count, rate, probe);
            awaitPipelineQuiet(stack, admin, Duration.ofMinutes(5));
            probe.finish();
            LatencyChart.write(probe.points(), String.format("webhook 2xx -> PAID visible, %,.0f requests/s, exactly-once", rate), chart);
            return new Latency(round(rate), count, probe.count(), probe.neverSeenPaid(), round(probe.percentileMs(50)),
                    round(probe.percentileMs(95)), round(probe.percentileMs(99)), round(probe.percentileMs(100)));
        }
    }

    /** {@code count} new orders' stories, sent at {@code rate} requests/s; each run gets its own seed and order IDs. */
    private Simulator.Result simulate(ProcessStack stack, int count, double rate, Simulator.AnswerListener listener) throws Exception {
        String runId = "b" + (++run);
        var settings = new Simulator.Settings(stack.url(TallyProcesses.INGEST.name()), StackEnvironment.DEFAULT_STRIPE_SECRET,
                StackEnvironment.DEFAULT_SHOP_TOKEN, connections, rate, 60,
                stack.work().resolve("simulator-" + runId + ".jsonl"));
        return new Simulator(settings, line -> { }).onAnswer(listener).run(Stories.plan(run, count, mix, runId), mix, run);
    }

    /** Returns once every stream app has consumed everything sent and no transaction is open on the topics they use. */
    private static void awaitPipelineQuiet(ProcessStack stack, Admin admin, Duration timeout) throws Exception {
        Verifier.awaitQuiet(new QuietLog(admin, line -> { }), TallyInvariants.paymentPath(stack.url(TallyProcesses.ORDER_STREAM.name()),
                StackEnvironment.DEFAULT_OPERATOR_TOKEN), timeout);
    }

    private Map<String, String> goals(Throughput eos, Throughput alos, Latency latency, double raw) {
        var goals = new LinkedHashMap<String, String>();
        goals.put("orders/s with exactly-once >= 3,000", verdict(eos.ordersPerSecond() >= 3_000, String.format("%,.0f", eos.ordersPerSecond())));
        goals.put("exactly-once >= 0.9 x at-least-once", verdict(eos.ordersPerSecond() >= 0.9 * alos.ordersPerSecond(),
                String.format("%.2f", eos.ordersPerSecond() / alos.ordersPerSecond())));
        goals.put("p99 webhook -> PAID < 300 ms at half rate", verdict(latency.p99Ms() < 300, String.format("%.1f ms", latency.p99Ms())
                + (latencyRate != null ? String.format(" at %,.0f requests/s (--latency-rate), not half rate", latencyRate) : "")));
        goals.put("pipeline records/s >= 0.3 x raw producer", verdict(eos.pipelineOffsetsPerSecond() >= 0.3 * raw,
                String.format("%.2f", eos.pipelineOffsetsPerSecond() / raw)));
        return goals;
    }

    private static String verdict(boolean met, String figure) {
        return figure + (met ? " (met)" : " (not met)");
    }

    private static String markdown(Result r) {
        var md = new StringBuilder();
        md.append("Payment path, ").append(r.date()).append(", ").append(r.machine()).append('\n').append('\n');
        md.append("| run | orders | requests | seconds | orders/s | requests/s | pipeline offsets/s | CPU % (broker, ingest, order-stream, load) | peak RSS MiB (same order) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        var rows = new ArrayList<Map.Entry<String, Throughput>>();
        for (int i = 0; i < r.runs().size(); i++) {
            rows.add(Map.entry((i + 1) + ". " + r.runs().get(i).guarantee(), r.runs().get(i)));
        }
        rows.add(Map.entry("**exactly-once, both runs**", r.exactlyOnce()));
        rows.add(Map.entry("**at-least-once, both runs**", r.atLeastOnce()));
        for (var row : rows) {
            Throughput t = row.getValue();
            md.append(String.format("| %s | %,d | %,d | %.1f | %,.0f | %,.0f | %,.0f | %s | %s |%n", row.getKey(), t.orders(), t.requests(),
                    t.seconds(), t.ordersPerSecond(), t.requestsPerSecond(), t.pipelineOffsetsPerSecond(), t.cpuPercent().values(),
                    t.peakRssMiB().values()));
        }
        var l = r.latencyAtHalfRate();
        md.append('\n').append(String.format("Latency webhook 2xx -> PAID visible at %,.0f requests/s (%,d orders, %,d sampled, "
                + "%,d never seen paid): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", l.requestsPerSecond(), l.orders(),
                l.sampled(), l.neverSeenPaid(), l.p50Ms(), l.p95Ms(), l.p99Ms(), l.maxMs()));
        md.append(String.format("%nexactly-once / at-least-once = %.2f; raw idempotent acks=all producer %,.0f records/s; pipeline / raw = %.2f%n",
                r.exactlyOnceRatio(), r.rawProducerRecordsPerSecond(), r.pipelineToRawRatio()));
        md.append('\n').append("| goal | measured |\n|---|---|\n");
        r.goals().forEach((goal, measured) -> md.append("| ").append(goal).append(" | ").append(measured).append(" |\n"));
        return md.toString();
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", Java " + System.getProperty("java.version") + ", broker, services and load on this one machine";
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
