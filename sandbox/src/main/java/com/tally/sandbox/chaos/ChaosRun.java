package com.tally.sandbox.chaos;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.IngestService;
import com.tally.order.OrderConfig;
import com.tally.order.OrderStreamApp;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.broker.EmbeddedKafkaBroker;
import com.tally.sandbox.Sandbox;
import com.tally.sandbox.sim.Mix;
import com.tally.sandbox.sim.SimulationRecord;
import com.tally.sandbox.sim.Simulator;
import com.tally.sandbox.sim.Stories;
import com.tally.sandbox.verify.Check;
import com.tally.sandbox.verify.Report;
import com.tally.sandbox.verify.Verifier;
import com.tally.schemas.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The crash test: the broker, ingest-service and order-stream each in their own JVM, a simulation
 * running against them, and meanwhile order-stream killed with SIGKILL and restarted at seeded
 * random times, ingest killed once and the broker killed and restarted once. order-stream commits
 * every 5 s, so the kills land inside open transactions. A read_committed reader watches the
 * outputs throughout; at the end the verifier checks the run, plus that the reader never saw a
 * record of an aborted transaction.
 */
public final class ChaosRun {

    public static final String NO_ABORTED_READS = "no record of an aborted transaction was read";

    public record Settings(int orders, long seed, double rate, int orderStreamKills, Path workDir) {
    }

    private final Settings settings;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ChaosRun(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Report run() throws Exception {
        Path work = Files.createDirectories(settings.workDir());
        int kafkaPort = freePort();
        int controllerPort = freePort();
        String bootstrap = "localhost:" + kafkaPort;
        var broker = new ChildProcess("broker", EmbeddedKafkaBroker.class.getName(), Map.of(),
                List.of(String.valueOf(kafkaPort), String.valueOf(controllerPort), work.resolve("kafka").toString()), work);
        var env = environment(bootstrap, work);
        var ingest = new ChildProcess("ingest-service", IngestService.class.getName(), env, List.of(), work);
        var orderStream = new ChildProcess("order-stream", OrderStreamApp.class.getName(), env, List.of(), work);
        String ingestUrl = "http://localhost:" + env.get(IngestConfig.PORT);
        String orderUrl = "http://localhost:" + env.get(OrderConfig.PORT);
        try {
            startBroker(broker);
            TopicProvisioner.provision(IngestConfig.fromEnv(env).kafka(), TopicProvisioner.tallyTopics(Sandbox.STREAM_APPS));
            startAndAwait(ingest, ingestUrl);
            startAndAwait(orderStream, orderUrl);
            try (var guard = new AbortedReadGuard(bootstrap, List.of(Topics.PAYMENT_EVENTS, Topics.ORDER_EVENTS, Topics.REFUNDS,
                    Topics.LEDGER_ENTRIES))) {
                Path record = work.resolve("sim-record.jsonl");
                Mix mix = Mix.defaults();
                var simulator = new Simulator(new Simulator.Settings(ingestUrl, Sandbox.DEFAULT_STRIPE_SECRET, 16, settings.rate(), 60, record), progress);
                var simulation = CompletableFuture.supplyAsync(() -> {
                    try {
                        return simulator.run(Stories.plan(settings.seed(), settings.orders(), mix, "chaos" + settings.seed()), mix, settings.seed());
                    } catch (Exception e) {
                        throw new IllegalStateException("the simulation failed: " + e.getMessage(), e);
                    }
                });
                crash(broker, ingest, orderStream, ingestUrl, orderUrl, simulation);
                var result = simulation.join();
                progress.accept(String.format("simulation done: %,d requests, %,d as expected, %,d not, %,d retries",
                        result.deliveries(), result.asExpected(), result.unexpected(), result.retries()));
                Report report = new Verifier(bootstrap, orderUrl, progress).verify(SimulationRecord.read(record), Duration.ofMinutes(3));
                guard.close();
                var noAbortedReads = new Check(NO_ABORTED_READS);
                List<String> leaked = guard.recordsNotCommitted();
                for (int i = 0; i < guard.seenCount(); i++) {
                    noAbortedReads.expect(i >= leaked.size(), i < leaked.size() ? leaked.get(i) + " was read but is not committed" : "");
                }
                var simulated = new Check("every request was answered as a processor expects");
                simulated.expect(result.unexpected() == 0, result.unexpected() + " requests answered otherwise: see " + record);
                return report.with(noAbortedReads).with(simulated);
            }
        } finally {
            orderStream.stop();
            ingest.stop();
            broker.kill();
        }
    }

    /** Kills while the simulation runs: order-stream at seeded random times, ingest once, the broker once. */
    private void crash(ChildProcess broker, ChildProcess ingest, ChildProcess orderStream, String ingestUrl, String orderUrl,
                       CompletableFuture<?> simulation) throws Exception {
        var random = new Random(settings.seed());
        int kills = 0;
        boolean ingestKilled = false;
        boolean brokerRestarted = false;
        while (kills < settings.orderStreamKills() || !ingestKilled || !brokerRestarted) {
            Thread.sleep(1_500 + random.nextInt(3_500));
            if (kills == 1 && !ingestKilled) {
                progress.accept("chaos: SIGKILL ingest-service");
                ingest.kill();
                Thread.sleep(500 + random.nextInt(1_500));
                startAndAwait(ingest, ingestUrl);
                ingestKilled = true;
            } else if (kills == 3 && !brokerRestarted) {
                progress.accept("chaos: SIGKILL the broker");
                broker.kill();
                Thread.sleep(1_000 + random.nextInt(2_000));
                startBroker(broker);
                brokerRestarted = true;
            } else {
                kills++;
                progress.accept("chaos: SIGKILL order-stream (" + kills + " of " + settings.orderStreamKills() + ")"
                        + (simulation.isDone() ? " after the simulation, while it catches up" : ""));
                orderStream.kill();
                Thread.sleep(200 + random.nextInt(1_500));
                startAndAwait(orderStream, orderUrl);
            }
        }
        if (!ingest.alive() || !orderStream.alive()) {
            throw new IllegalStateException("a service did not come back: see the logs in " + settings.workDir());
        }
    }

    private Map<String, String> environment(String bootstrap, Path work) throws IOException {
        var env = new HashMap<>(Sandbox.environment(Map.of(), bootstrap, work.resolve("streams")));
        env.put(KafkaConfig.PARTITIONS, "3");
        env.put(KafkaConfig.COMMIT_INTERVAL, "PT5S");   // long transactions, so the kills land inside them
        env.put(IngestConfig.PORT, String.valueOf(freePort()));
        env.put(OrderConfig.PORT, String.valueOf(freePort()));
        env.put(OrderConfig.INSTANCE_ID, "chaos-1");   // the restarted instance is the same member, no session timeout to wait out
        return env;
    }

    private void startBroker(ChildProcess broker) throws Exception {
        broker.start();
        awaitLine(broker, "READY", Duration.ofSeconds(60));
    }

    private void startAndAwait(ChildProcess service, String url) throws Exception {
        service.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var answer = http.send(HttpRequest.newBuilder(URI.create(url + "/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!service.alive()) {
                throw new IllegalStateException(service.name() + " exited while starting: see " + service.log());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(service.name() + " was not ready within 90 s: see " + service.log());
    }

    /** Waits until the process printed {@code line} once for each time it was started (its log is appended across restarts). */
    private static void awaitLine(ChildProcess process, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(process.log())
                    && Files.readAllLines(process.log()).stream().filter(l -> l.startsWith(line)).count() >= process.starts()) {
                return;
            }
            if (!process.alive()) {
                throw new IllegalStateException(process.name() + " exited while starting: see " + process.log());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(process.name() + " did not print " + line + " within " + timeout + ": see " + process.log());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
