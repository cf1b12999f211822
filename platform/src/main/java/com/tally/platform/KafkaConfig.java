package com.tally.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * How every service reaches Kafka and sizes its topics and state. Defaults fit the sandbox's
 * single embedded broker; a real cluster sets replication 3 and min.insync.replicas 2
 * (docker-compose.yml). {@code standbyReplicas} is each stream app's warm copies of its state on
 * other instances: 1 by default, 0 where only one instance can ever run (the sandbox), since a
 * standby is never placed on the instance of its active task.
 */
public record KafkaConfig(String bootstrapServers, int replicationFactor, int minInsyncReplicas, int partitions, Path stateDir,
                          int standbyReplicas, Duration commitInterval, String processingGuarantee, int streamThreads,
                          Map<String, String> clientSettings) {

    public static final String BOOTSTRAP_SERVERS = "TALLY_BOOTSTRAP_SERVERS";
    public static final String REPLICATION_FACTOR = "TALLY_REPLICATION_FACTOR";
    public static final String MIN_INSYNC_REPLICAS = "TALLY_MIN_INSYNC_REPLICAS";
    public static final String PARTITIONS = "TALLY_PARTITIONS";
    public static final String STATE_DIR = "TALLY_STATE_DIR";
    public static final String STANDBY_REPLICAS = "TALLY_STANDBY_REPLICAS";
    /** How often a stream app commits its transaction; longer means bigger transactions (the chaos test uses 5 s). */
    public static final String COMMIT_INTERVAL = "TALLY_COMMIT_INTERVAL";
    /** exactly_once_v2, always, except where the benchmark measures what exactly-once costs against at_least_once. */
    public static final String PROCESSING_GUARANTEE = "TALLY_PROCESSING_GUARANTEE";
    /**
     * Stream threads per instance, for instances with cores to spare: on the 2-core sandbox a
     * second thread measured no faster (docs/BENCHMARKS.md), so the default is one.
     */
    public static final String STREAM_THREADS = "TALLY_STREAM_THREADS";
    /**
     * {@code TALLY_KAFKA_<PROPERTY>}: any Kafka client property for every client Tally creates (TLS and SASL
     * settings, timeouts, topology settings), named upper-case with dots as underscores:
     * {@code TALLY_KAFKA_SECURITY_PROTOCOL=SASL_SSL} is {@code security.protocol=SASL_SSL}.
     */
    public static final String CLIENT_SETTING_PREFIX = "TALLY_KAFKA_";
    /**
     * A Kafka client properties file (the {@code client.properties} Kafka's own tools take): each entry is a client
     * setting as if given through {@code TALLY_KAFKA_<PROPERTY>}, refused alike; a variable for the same property wins
     * over the file, so one secret can come from elsewhere while the rest stays in the file.
     */
    public static final String CONFIG_FILE = "TALLY_KAFKA_CONFIG_FILE";
    /** What exactly-once rests on: set by {@link KafkaDefaults} alone, so no environment can weaken it. */
    static final Set<String> FIXED_SETTINGS = Set.of("bootstrap.servers", "application.id", "processing.guarantee", "acks",
            "enable.idempotence", "isolation.level", "transactional.id", "enable.auto.commit");
    public static final String EXACTLY_ONCE = "exactly_once_v2";
    public static final String AT_LEAST_ONCE = "at_least_once";

    public KafkaConfig {
        clientSettings = Map.copyOf(clientSettings);
    }

    public KafkaConfig(String bootstrapServers, int replicationFactor, int minInsyncReplicas, int partitions, Path stateDir,
                       int standbyReplicas, Duration commitInterval, String processingGuarantee, int streamThreads) {
        this(bootstrapServers, replicationFactor, minInsyncReplicas, partitions, stateDir, standbyReplicas, commitInterval,
                processingGuarantee, streamThreads, Map.of());
    }

    public KafkaConfig(String bootstrapServers, int replicationFactor, int minInsyncReplicas, int partitions, Path stateDir) {
        this(bootstrapServers, replicationFactor, minInsyncReplicas, partitions, stateDir, 1);
    }

    public KafkaConfig(String bootstrapServers, int replicationFactor, int minInsyncReplicas, int partitions, Path stateDir,
                       int standbyReplicas) {
        this(bootstrapServers, replicationFactor, minInsyncReplicas, partitions, stateDir, standbyReplicas, Duration.ofMillis(100),
                EXACTLY_ONCE, 1);
    }

    /** Kafka's settings alone, for a tool that needs nothing else: every problem in them reported at once. */
    public static KafkaConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        KafkaConfig kafka = fromEnv(env);
        env.check();
        return kafka;
    }

    public static KafkaConfig fromEnv(Env env) {
        return new KafkaConfig(
                env.text(BOOTSTRAP_SERVERS, "localhost:9092"),
                env.integer(REPLICATION_FACTOR, 1, 1, 32),
                env.integer(MIN_INSYNC_REPLICAS, 1, 1, 32),
                env.integer(PARTITIONS, 6, 1, 10_000),
                Path.of(env.text(STATE_DIR, System.getProperty("java.io.tmpdir") + "/tally-streams")),
                env.integer(STANDBY_REPLICAS, 1, 0, 8),
                // Kafka Streams' own default under exactly-once: short transactions, low latency
                env.duration(COMMIT_INTERVAL, Duration.ofMillis(100)),
                guarantee(env),
                env.integer(STREAM_THREADS, 1, 1, 64),
                clientSettings(env));
    }

    /** The same cluster, client settings and guarantee for a stream app run once on its own: its own state directory, no standbys. */
    public KafkaConfig alone(Path stateDir) {
        return new KafkaConfig(bootstrapServers, replicationFactor, minInsyncReplicas, partitions, stateDir, 0, commitInterval,
                processingGuarantee, streamThreads, clientSettings);
    }

    /** Without the client settings' values: they hold passwords ({@code sasl.jaas.config}, {@code ssl.*.password}). */
    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", replicationFactor=" + replicationFactor + ", minInsyncReplicas="
                + minInsyncReplicas + ", partitions=" + partitions + ", stateDir=" + stateDir + ", standbyReplicas=" + standbyReplicas
                + ", commitInterval=" + commitInterval + ", processingGuarantee=" + processingGuarantee + ", streamThreads=" + streamThreads
                + ", clientSettings=" + clientSettings.keySet().stream().sorted().toList() + "]";
    }

    private static Map<String, String> clientSettings(Env env) {
        var settings = new TreeMap<String, String>();
        String file = env.text(CONFIG_FILE, null);
        if (file != null) {
            fileSettings(env, file).forEach((property, value) -> {
                if (allowed(env, property, property + " in " + CONFIG_FILE + " (" + file + ")", "Remove it from the file")) {
                    settings.put(property, value);
                }
            });
        }
        // after the file: a variable wins over it
        env.withPrefix(CLIENT_SETTING_PREFIX).forEach((name, value) -> {
            String property = name.substring(CLIENT_SETTING_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (!name.equals(CONFIG_FILE) && allowed(env, property, name, "Unset it")) {
                settings.put(property, value);
            }
        });
        return settings;
    }

    /** Whether {@code property} may be given; if not, why not is reported with the other problems. */
    private static boolean allowed(Env env, String property, String givenAs, String remedy) {
        if (!FIXED_SETTINGS.contains(property)) {
            return true;
        }
        env.problem(givenAs + " cannot be set: Tally sets " + property + " itself, since exactly-once depends on it"
                + (property.equals("bootstrap.servers") ? " (set " + BOOTSTRAP_SERVERS + " instead)" : "") + ". " + remedy);
        return false;
    }

    /** Read as Kafka's own tools read such a file (ISO 8859-1, like {@code --command-config}); blank values are skipped like blank variables. */
    private static Map<String, String> fileSettings(Env env, String file) {
        var properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            env.problem(CONFIG_FILE + "=" + file + " does not exist: give the path of a Kafka client properties file, or unset it");
        } catch (AccessDeniedException e) {
            env.problem(CONFIG_FILE + "=" + file + " cannot be read by this user: make it readable to the service (and to no one else:"
                    + " it holds passwords)");
        } catch (IOException | IllegalArgumentException e) {
            env.problem(CONFIG_FILE + "=" + file + " cannot be read as a Kafka client properties file (" + e.getMessage() + ")");
        }
        var settings = new TreeMap<String, String>();
        properties.stringPropertyNames().forEach(name -> {
            String value = properties.getProperty(name).trim();
            if (!value.isEmpty()) {
                settings.put(name.trim(), value);
            }
        });
        return settings;
    }

    private static String guarantee(Env env) {
        String guarantee = env.text(PROCESSING_GUARANTEE, EXACTLY_ONCE);
        if (!guarantee.equals(EXACTLY_ONCE) && !guarantee.equals(AT_LEAST_ONCE)) {
            env.problem(PROCESSING_GUARANTEE + " must be " + EXACTLY_ONCE + " (the default; leave it unset) or " + AT_LEAST_ONCE
                    + " (only to measure what exactly-once costs), not " + guarantee);
        }
        return guarantee;
    }
}
