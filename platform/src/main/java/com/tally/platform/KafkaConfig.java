package com.tally.platform;

import java.nio.file.Path;

/**
 * How every service reaches Kafka and sizes its topics. Defaults fit the sandbox's single
 * embedded broker; a real cluster sets replication 3 and min.insync.replicas 2 (docker-compose.yml).
 */
public record KafkaConfig(String bootstrapServers, int replicationFactor, int minInsyncReplicas, int partitions, Path stateDir) {

    public static final String BOOTSTRAP_SERVERS = "TALLY_BOOTSTRAP_SERVERS";
    public static final String REPLICATION_FACTOR = "TALLY_REPLICATION_FACTOR";
    public static final String MIN_INSYNC_REPLICAS = "TALLY_MIN_INSYNC_REPLICAS";
    public static final String PARTITIONS = "TALLY_PARTITIONS";
    public static final String STATE_DIR = "TALLY_STATE_DIR";

    public static KafkaConfig fromEnv(Env env) {
        return new KafkaConfig(
                env.text(BOOTSTRAP_SERVERS, "localhost:9092"),
                env.integer(REPLICATION_FACTOR, 1, 1, 32),
                env.integer(MIN_INSYNC_REPLICAS, 1, 1, 32),
                env.integer(PARTITIONS, 6, 1, 10_000),
                Path.of(env.text(STATE_DIR, System.getProperty("java.io.tmpdir") + "/tally-streams")));
    }
}
