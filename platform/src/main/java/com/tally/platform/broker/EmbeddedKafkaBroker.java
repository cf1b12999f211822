package com.tally.platform.broker;

import com.tally.platform.FreePort;
import com.tally.platform.TempDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (combined KRaft broker and controller) inside this JVM, for the
 * sandbox and the integration tests: the same broker as production, from Maven Central, with
 * working transactions. Its storage is formatted on first start and kept, so a restart on the
 * same directory finds its topics and records again.
 *
 * <p>Its client port is PLAINTEXT, or SASL_SSL with SCRAM-SHA-512 users ({@link Builder#saslSsl},
 * {@link Builder#scramUser}) to test what a secured cluster asks of Tally's clients. Then the
 * broker's own traffic (to itself and its controller) stays PLAINTEXT on loopback ports of its own.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String SECURED_LISTENER = "SASL_SSL";
    private static final String SCRAM = "SCRAM-SHA-512";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean fresh;
    private final Map<String, String> overrides;
    private final SaslSsl saslSsl;
    private final Map<String, String> scramUsers;
    /** The PLAINTEXT port when the client port is SASL_SSL: the broker's own traffic and the readiness check. */
    private final int internalPort;
    private KafkaRaftServer server;

    /** The client port's TLS identity: a PKCS12 keystore with the broker's key and its certificate chain. */
    private record SaslSsl(Path keystore, String password) {
    }

    private EmbeddedKafkaBroker(Builder builder) {
        this.port = builder.port == 0 ? FreePort.pick() : builder.port;
        this.controllerPort = builder.controllerPort == 0 ? FreePort.pick() : builder.controllerPort;
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.fresh = builder.fresh;
        this.overrides = Map.copyOf(builder.overrides);
        this.saslSsl = builder.saslSsl;
        this.scramUsers = Map.copyOf(builder.scramUsers);
        this.internalPort = saslSsl == null ? port : FreePort.pick();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a broker as its own process until it is stopped or killed, so tests can kill it hard:
     * {@code EmbeddedKafkaBroker <port> <controller port> <data dir>}.
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: EmbeddedKafkaBroker <port> <controller port> <data dir>");
            System.exit(2);
        }
        var broker = builder().port(Integer.parseInt(args[0])).controllerPort(Integer.parseInt(args[1]))
                .dataDir(Path.of(args[2])).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
        System.out.println("READY " + broker.bootstrapServers());
        System.out.flush();
    }

    /** Formats the storage if it is new, starts the broker and returns once it answers clients. */
    public EmbeddedKafkaBroker start() {
        long started = System.nanoTime();
        if (fresh) {
            TempDirectory.delete(dataDir);
        }
        var config = new KafkaConfig(brokerProperties(), false);
        formatIfNew();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        awaitReady();
        log.info("embedded Kafka ready on {} in {} ms, data in {}", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDir);
        return this;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private Map<String, Object> brokerProperties() {
        var props = new HashMap<String, Object>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        String clientListeners = "PLAINTEXT://localhost:" + internalPort
                + (saslSsl == null ? "" : "," + SECURED_LISTENER + "://localhost:" + port);
        props.put("listeners", clientListeners + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", clientListeners);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"
                + (saslSsl == null ? "" : "," + SECURED_LISTENER + ":SASL_SSL"));
        if (saslSsl != null) {
            String listener = "listener.name." + SECURED_LISTENER.toLowerCase(Locale.ROOT) + ".";
            props.put("sasl.enabled.mechanisms", SCRAM);
            // the users are checked against the SCRAM credentials in the cluster's metadata (formatIfNew)
            props.put(listener + SCRAM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            props.put(listener + "ssl.keystore.type", "PKCS12");
            props.put(listener + "ssl.keystore.location", saslSsl.keystore().toAbsolutePath().toString());
            props.put(listener + "ssl.keystore.password", saslSsl.password());
        }
        props.put("log.dirs", dataDir.toString());
        // one node: every internal topic can only have one replica
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // topics are provisioned explicitly, so a typo never creates one with the wrong shape
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        // every partition preallocates its index: keep segments and indexes small on a laptop
        props.put("log.segment.bytes", String.valueOf(8 * 1024 * 1024));
        props.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        // one machine shared with the services: a few request threads, not a server's worth
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.putAll(overrides);
        return props;
    }

    private void formatIfNew() {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;   // formatted by an earlier run: keep its cluster ID and data
        }
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dataDir.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .addDirectory(dataDir.toString())
                    // in the first metadata, so each user can log in from the broker's first moment, without a race
                    // against an Admin call that creates them after the start
                    .setScramArguments(scramUsers.entrySet().stream()
                            .map(user -> SCRAM + "=[name=\"" + user.getKey() + "\",password=\"" + user.getValue() + "\"]").toList())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + dataDir
                    + ": delete the directory (or start with --fresh) and try again", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        // on the PLAINTEXT port, which is the client port unless that one is SASL_SSL
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + internalPort,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // still starting: the broker registers with its controller first
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new IllegalStateException("embedded Kafka on " + bootstrapServers() + " was not ready within "
                + READY_TIMEOUT.toSeconds() + " s: check that ports " + port + " and " + controllerPort + " are free");
    }

    public static final class Builder {
        private int port = 9092;
        private int controllerPort = 0;
        private Path dataDir;
        private boolean fresh;
        private final Map<String, String> overrides = new HashMap<>();
        private SaslSsl saslSsl;
        private final Map<String, String> scramUsers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Makes the client port SASL_SSL with SCRAM-SHA-512: the broker presents the key and
         * certificate chain in {@code keystore} (PKCS12, the key under the store's password), and
         * clients log in as a {@link #scramUser}. A certificate for {@code localhost} is what
         * clients check the broker's name against.
         */
        public Builder saslSsl(Path keystore, String keystorePassword) {
            this.saslSsl = new SaslSsl(keystore, keystorePassword);
            return this;
        }

        /** A SCRAM-SHA-512 user, created when the storage is formatted (a directory formatted before keeps its users). */
        public Builder scramUser(String name, String password) {
            if ((name + password).matches(".*[,\"\\]].*")) {
                throw new IllegalArgumentException("a SCRAM user name or password for the embedded broker cannot hold , \" or ]");
            }
            scramUsers.put(name, password);
            return this;
        }

        /** The client port; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The controller's port; 0 (the default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Deletes the data of earlier runs before starting. */
        public Builder fresh(boolean fresh) {
            this.fresh = fresh;
            return this;
        }

        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafkaBroker build() {
            if (dataDir == null) {
                throw new IllegalStateException("the embedded broker needs a data directory: call dataDir(...)");
            }
            if (!scramUsers.isEmpty() && saslSsl == null) {
                throw new IllegalStateException("SCRAM users log in on a SASL_SSL port: call saslSsl(...) too");
            }
            return new EmbeddedKafkaBroker(this);
        }
    }
}
