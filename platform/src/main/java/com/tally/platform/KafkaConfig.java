package com.tally.platform;

import java.nio.file.Path;

/**
 * How every service reaches Kafka and sizes its topics and state. Defaults fit the sandbox's
 * single embedded broker; a real cluster sets replication 3 and min.insync.replicas 2
 * (docker-compose.yml). {@code standbyReplicas} is each stream app's warm copies of its state on
 * other instances: 1 by default, 0 where only one instance can ever run (the sandbox), since a
 * standby is never placed on the instance of its active task.
 */
public record KafkaConfig(String bootstrapServers, int replicationFactor, int minInsyncReplicas, int partitions, Path stateDir,
                          int standbyReplicas) {

    public static final String BOOTSTRAP_SERVERS = "TALLY_BOOTSTRAP_SERVERS";
    public static final String REPLICATION_FACTOR = "TALLY_REPLICATION_FACTOR";
    public static final String MIN_INSYNC_REPLICAS = "TALLY_MIN_INSYNC_REPLICAS";
    public static final String PARTITIONS = "TALLY_PARTITIONS";
    public static final String STATE_DIR = "TALLY_STATE_DIR";
    public static final String STANDBY_REPLICAS = "TALLY_STANDBY_REPLICAS";

    public KafkaConfig(String bootstrapServers, int replicationFactor, int minInsyncReplicas, int partitions, Path stateDir) {
        this(bootstrapServers, replicationFactor, minInsyncReplicas, partitions, stateDir, 1);
    }

    public static KafkaConfig fromEnv(Env env) {
        return new KafkaConfig(
                env.text(BOOTSTRAP_SERVERS, "localhost:9092"),
                env.integer(REPLICATION_FACTOR, 1, 1, 32),
                env.integer(MIN_INSYNC_REPLICAS, 1, 1, 32),
                env.integer(PARTITIONS, 6, 1, 10_000),
                Path.of(env.text(STATE_DIR, System.getProperty("java.io.tmpdir") + "/tally-streams")),
                env.integer(STANDBY_REPLICAS, 1, 0, 8));
    }
}
