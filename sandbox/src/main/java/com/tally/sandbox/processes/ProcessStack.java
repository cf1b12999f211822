package com.tally.sandbox.processes;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.IngestService;
import com.tally.order.OrderConfig;
import com.tally.order.OrderStreamApp;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.broker.EmbeddedKafkaBroker;
import com.tally.sandbox.Sandbox;
import java.io.IOException;
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

/**
 * The payment path as separate processes: the embedded broker, ingest-service and order-stream,
 * each in its own JVM started from these classes, so each can be killed, restarted and measured
 * on its own. Used by the crash test and the benchmark.
 */
public final class ProcessStack implements AutoCloseable {

    /** Where RocksDB's Java binding unpacks its native library (read by {@code RocksDB.loadLibrary}). */
    private static final String ROCKSDB_LIBRARY_DIR = "ROCKSDB_SHAREDLIB_DIR";

    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> env;
    public final ChildProcess broker;
    public final ChildProcess ingest;
    private ChildProcess orderStream;
    public final String bootstrapServers;
    public final String ingestUrl;
    public final String orderUrl;
    private final Thread killOnExit = new Thread(this::killAll, "process-stack-exit");

    /** @param streamsSettings extra environment for the stream app (commit interval, instance ID ...) */
    public ProcessStack(Path work, int partitions, Map<String, String> streamsSettings) throws IOException {
        this.work = Files.createDirectories(work);
        int kafkaPort = FreePort.pick();
        this.bootstrapServers = "localhost:" + kafkaPort;
        this.broker = new ChildProcess("broker", EmbeddedKafkaBroker.class.getName(), Map.of(),
                List.of(String.valueOf(kafkaPort), String.valueOf(FreePort.pick()), work.resolve("kafka").toString()), work);
        var environment = new HashMap<>(Sandbox.environment(Map.of(), bootstrapServers, work.resolve("streams")));
        environment.put(KafkaConfig.PARTITIONS, String.valueOf(partitions));
        environment.put(IngestConfig.PORT, String.valueOf(FreePort.pick()));
        environment.put(OrderConfig.PORT, String.valueOf(FreePort.pick()));
        // RocksDB unpacks its native library into /tmp and deletes it only on a clean exit: a killed
        // order-stream left 14 MB behind each time. Here it goes with the work directory
        environment.put(ROCKSDB_LIBRARY_DIR, Files.createDirectories(work.resolve("native")).toString());
        environment.putAll(streamsSettings);
        this.env = Map.copyOf(environment);
        this.ingest = new ChildProcess("ingest-service", IngestService.class.getName(), env, List.of(), work);
        this.orderStream = orderStreamWith(Map.of());
        this.ingestUrl = "http://localhost:" + env.get(IngestConfig.PORT);
        this.orderUrl = "http://localhost:" + env.get(OrderConfig.PORT);
    }

    /** Where the processes keep their data and logs. */
    public Path work() {
        return work;
    }

    /**
     * Starts the broker, then the services. A stack that fails to start stops what it started,
     * since the caller never gets it to close; and the JVM kills every child on its way out
     * (Ctrl-C included), so no broker or service outlives the command that started it.
     */
    public ProcessStack start() throws Exception {
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            startBroker();
            TopicProvisioner.provision(IngestConfig.fromEnv(env).kafka(), TopicProvisioner.tallyTopics(Sandbox.STREAM_APPS));
            startAndAwait(ingest, ingestUrl);
            startAndAwait(orderStream, orderUrl);
            return this;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    public ChildProcess orderStream() {
        return orderStream;
    }

    public void startBroker() throws Exception {
        broker.start();
        awaitLine(broker, "READY", Duration.ofSeconds(60));
    }

    public void restartIngest() throws Exception {
        startAndAwait(ingest, ingestUrl);
    }

    public void restartOrderStream() throws Exception {
        startAndAwait(orderStream, orderUrl);
    }

    /** Stops order-stream gracefully and starts it again with {@code overrides} in its environment (e.g. another guarantee). */
    public void replaceOrderStream(Map<String, String> overrides) throws Exception {
        orderStream.stop();
        orderStream = orderStreamWith(overrides);
        startAndAwait(orderStream, orderUrl);
    }

    private ChildProcess orderStreamWith(Map<String, String> overrides) {
        var environment = new HashMap<>(env);
        environment.putAll(overrides);
        return new ChildProcess("order-stream", OrderStreamApp.class.getName(), environment, List.of(), work);
    }

    public void awaitRunning() {
        if (!ingest.alive() || !orderStream.alive() || !broker.alive()) {
            throw new IllegalStateException("a process did not come back: see the logs in " + work);
        }
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

    @Override
    public void close() throws InterruptedException {
        orderStream.stop();
        ingest.stop();
        broker.kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException exiting) {
            // closed from within the JVM's shutdown: the hook runs anyway and finds nothing alive
        }
    }

    private void killAll() {
        try {
            orderStream.kill();
            ingest.kill();
            broker.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
