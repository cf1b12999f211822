package com.tally.proof.stack;

import com.tally.console.ConsoleConfig;
import com.tally.fulfillment.FulfillmentConfig;
import com.tally.fulfillment.RefundConfig;
import com.tally.ingest.IngestConfig;
import com.tally.notification.SmtpSettings;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.broker.EmbeddedKafkaBroker;
import com.tally.proof.mail.MailServer;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.warehouse.WarehouseSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tally as separate processes: the embedded broker and any list of services, each in its own JVM
 * started from these classes, so each can be killed, restarted and measured on its own. Used by
 * the crash test and the benchmarks. A stack with fulfillment-stream also runs the warehouse it
 * calls, a {@link WarehouseSimulator} in this JVM (unless the settings name another warehouse),
 * and the payment processor its refunds go to, a {@link ProcessorSimulator} (unless the settings
 * name another), whose callbacks and webhooks go to the stack's ingest-service. A stack with
 * notification-stream sends its e-mail to a {@link MailServer} in this JVM (unless the settings
 * name another SMTP server).
 */
public final class ProcessStack implements AutoCloseable {

    /** Where RocksDB's Java binding unpacks its native library (read by {@code RocksDB.loadLibrary}). */
    private static final String ROCKSDB_LIBRARY_DIR = "ROCKSDB_SHAREDLIB_DIR";

    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> env;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, ChildProcess> running = new LinkedHashMap<>();
    private final Map<String, String> urls = new HashMap<>();
    private final Map<String, String> maxHeaps = new HashMap<>();
    public final ChildProcess broker;
    public final String bootstrapServers;
    private final WarehouseSimulator warehouse;
    private final ProcessorSimulator processor;
    private final MailServer mail;
    private final Thread killOnExit = new Thread(this::killAll, "process-stack-exit");

    /**
     * @param services the services, stopped in the reverse of this order
     * @param settings extra environment for every service (commit interval, instance ID ...)
     */
    public ProcessStack(Path work, int partitions, List<ServiceProcess> services, Map<String, String> settings) throws IOException {
        this.work = Files.createDirectories(work);
        int kafkaPort = FreePort.pick();
        this.bootstrapServers = "localhost:" + kafkaPort;
        this.broker = new ChildProcess("broker", EmbeddedKafkaBroker.class.getName(), Map.of(),
                List.of(String.valueOf(kafkaPort), String.valueOf(FreePort.pick()), work.resolve("kafka").toString()), work);
        var environment = new HashMap<>(StackEnvironment.of(Map.of(), bootstrapServers, work.resolve("streams")));
        environment.put(KafkaConfig.PARTITIONS, String.valueOf(partitions));
        for (ServiceProcess service : services) {
            String port = String.valueOf(FreePort.pick());
            environment.put(service.portVariable(), port);
            urls.put(service.name(), "http://localhost:" + port);
            this.services.put(service.name(), service);
        }
        this.warehouse = services.contains(TallyProcesses.FULFILLMENT_STREAM) && !settings.containsKey(FulfillmentConfig.URL)
                ? warehouseFor(environment, settings) : null;
        this.processor = services.contains(TallyProcesses.FULFILLMENT_STREAM) && !settings.containsKey(RefundConfig.API_URL)
                ? processorFor(environment, settings) : null;
        this.mail = services.contains(TallyProcesses.NOTIFICATION_STREAM) && !settings.containsKey(SmtpSettings.HOST)
                ? mailServerFor(environment) : null;
        if (services.contains(TallyProcesses.CONSOLE)) {
            consoleAsks(environment);
        }
        environment.putAll(settings);
        this.env = Map.copyOf(environment);
        services.forEach(service -> running.put(service.name(), processOf(service, Map.of())));
    }

    /**
     * Gives the service its own heap (-Xmx, such as {@code 128m}) instead of {@link ChildProcess#DEFAULT_MAX_HEAP}, from its
     * next start on, restarts and replacements included: for a run that shows what the service does in a small heap.
     */
    public ProcessStack maxHeap(String service, String maxHeap) {
        if (process(service).alive()) {
            throw new IllegalStateException(service + " is running: give it its heap before the stack starts, or stop it first");
        }
        maxHeaps.put(service, maxHeap);
        running.put(service, processOf(services.get(service), Map.of()));
        return this;
    }

    /** The console asks the stack's own services for an order's timeline, on the ports picked for them. */
    private void consoleAsks(Map<String, String> environment) {
        Map.of(ConsoleConfig.ORDER_STREAM_URL, TallyProcesses.ORDER_STREAM, ConsoleConfig.FULFILLMENT_STREAM_URL,
                TallyProcesses.FULFILLMENT_STREAM, ConsoleConfig.NOTIFICATION_STREAM_URL, TallyProcesses.NOTIFICATION_STREAM).forEach(
                        (variable, service) -> {
                            if (urls.containsKey(service.name())) {
                                environment.put(variable, urls.get(service.name()));
                            }
                        });
    }

    /** Ships quickly, so a run's orders reach DELIVERED within seconds of being accepted. */
    private WarehouseSimulator warehouseFor(Map<String, String> environment, Map<String, String> settings) {
        var simulator = WarehouseSimulator.builder()
                .port(FreePort.pick())
                .ingestUrl(urls.get(TallyProcesses.INGEST.name()))
                .secretOf(settings.containsKey(IngestConfig.WAREHOUSE_WEBHOOK_SECRET) ? settings : environment)
                .delays(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .build();
        environment.put(FulfillmentConfig.URL, simulator.shipmentsUrl());
        return simulator;
    }

    /** Refunds quickly, so a refunded order reaches REFUNDED within seconds of the refund. */
    private ProcessorSimulator processorFor(Map<String, String> environment, Map<String, String> settings) {
        var both = new HashMap<>(environment);
        both.putAll(settings);
        var simulator = ProcessorSimulator.builder()
                .port(FreePort.pick())
                .ingestUrl(urls.get(TallyProcesses.INGEST.name()))
                .secretOf(both)
                .apiKeyOf(both)
                .refundedAfter(Duration.ofSeconds(1))
                .build();
        environment.put(RefundConfig.API_URL, simulator.url());
        return simulator;
    }

    /** Takes every e-mail and keeps it for reading over IMAP, on free ports. */
    private static MailServer mailServerFor(Map<String, String> environment) {
        var server = new MailServer(0, 0);
        server.start();   // its free ports are known once it listens, and the services need them in their environment
        environment.put(SmtpSettings.HOST, "localhost");
        environment.put(SmtpSettings.PORT, String.valueOf(server.smtpPort()));
        return server;
    }

    /** The mail server the stack's notification-stream sends to, if the stack runs one. */
    public Optional<MailServer> mail() {
        return Optional.ofNullable(mail);
    }

    /** The payment processor the stack's fulfillment-stream asks for refunds, if the stack runs one. */
    public Optional<ProcessorSimulator> processor() {
        return Optional.ofNullable(processor);
    }

    /** The warehouse simulator the stack's fulfillment-stream calls, if the stack runs one. */
    public Optional<WarehouseSimulator> warehouse() {
        return Optional.ofNullable(warehouse);
    }

    /** Where the processes keep their data and logs. */
    public Path work() {
        return work;
    }

    /**
     * Starts the broker, then every service at once, and waits until each is ready: they meet only
     * through topics, which are provisioned first, so none waits for another. A stack that fails to start stops what
     * it started, since the caller never gets it to close; and the JVM kills every child on its way
     * out (Ctrl-C included), so no broker or service outlives the command that started it.
     */
    public ProcessStack start() throws Exception {
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            if (warehouse != null) {
                warehouse.start();
            }
            if (processor != null) {
                processor.start();
            }
            startBroker();
            var streamApps = services.values().stream().flatMap(s -> s.consumerGroups().stream()).toList();
            TopicProvisioner.provision(kafka(), TopicProvisioner.tallyTopics(streamApps));
            for (String name : services.keySet()) {
                process(name).start();
            }
            for (String name : services.keySet()) {
                awaitReady(process(name), url(name));
            }
            return this;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** The stack's Kafka settings, as its services read them: every problem in them reported at once, as a service would on its start. */
    public KafkaConfig kafka() {
        return KafkaConfig.fromEnv(env);
    }

    /** The process of the service named, as it runs now (a replaced service has a new one). */
    public ChildProcess process(String service) {
        ChildProcess process = running.get(service);
        if (process == null) {
            throw new IllegalArgumentException("no service " + service + " in this stack: it has " + running.keySet());
        }
        return process;
    }

    /** The broker's process, then every service's, in their order. */
    public List<ChildProcess> processes() {
        var all = new ArrayList<ChildProcess>();
        all.add(broker);
        all.addAll(running.values());
        return all;
    }

    /** Whether the stack runs the service named. */
    public boolean runs(String service) {
        return running.containsKey(service);
    }

    public String url(String service) {
        process(service);
        return urls.get(service);
    }

    public void startBroker() throws Exception {
        broker.start();
        awaitLine(broker, "READY", Duration.ofSeconds(60));
    }

    /** Starts the service again (after a kill) and waits until it is ready. */
    public void restart(String service) throws Exception {
        startAndAwait(process(service), url(service));
    }

    /** Stops the service gracefully and starts it again with {@code overrides} in its environment (e.g. another guarantee). */
    public void replace(String service, Map<String, String> overrides) throws Exception {
        process(service).stop();
        running.put(service, processOf(services.get(service), overrides));
        restart(service);
    }

    private ChildProcess processOf(ServiceProcess service, Map<String, String> overrides) {
        var environment = new HashMap<>(env);
        // RocksDB unpacks its native library into /tmp and deletes it only on a clean exit: every killed stream app would
        // leave a copy behind. Here it goes with the work directory, one per service: services starting together would
        // each replace the file another one is loading
        Path nativeLibrary = work.resolve("native").resolve(service.name());
        try {
            environment.put(ROCKSDB_LIBRARY_DIR, Files.createDirectories(nativeLibrary).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + nativeLibrary + " for RocksDB's native library", e);
        }
        environment.putAll(overrides);
        return new ChildProcess(service.name(), service.mainClass(), environment, List.of(), work,
                maxHeaps.getOrDefault(service.name(), ChildProcess.DEFAULT_MAX_HEAP));
    }

    public void awaitRunning() {
        for (ChildProcess process : processes()) {
            if (!process.alive()) {
                throw new IllegalStateException(process.name() + " did not come back: see the logs in " + work);
            }
        }
    }

    private void startAndAwait(ChildProcess service, String url) throws Exception {
        service.start();
        awaitReady(service, url);
    }

    private void awaitReady(ChildProcess service, String url) throws Exception {
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

    /** Stops the services in reverse order, gracefully, then the broker. */
    @Override
    public void close() throws InterruptedException {
        var services = new ArrayList<>(running.values());
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop();
        }
        broker.kill();
        if (warehouse != null) {
            warehouse.close();
        }
        if (processor != null) {
            processor.close();
        }
        if (mail != null) {
            mail.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException exiting) {
            // closed from within the JVM's shutdown: the hook runs anyway and finds nothing alive
        }
    }

    private void killAll() {
        try {
            for (ChildProcess process : running.values()) {
                process.kill();
            }
            broker.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
