package com.tally.ingest;

import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.testing.SharedKafka;
import com.tally.platform.testing.TestTokens;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An ingest-service started on the test run's shared broker, its topics provisioned: what most *IT tests here run against. */
final class IngestOnSharedKafka {

    private IngestOnSharedKafka() {
    }

    /**
     * Starts one with {@code settings} on top of the shared broker, 3 partitions, {@code stateDir},
     * a free port and the test shop and operator tokens (ingest needs both to start, even where no order is placed and no report uploaded).
     */
    static IngestService start(Path stateDir, Map<String, String> settings) {
        var env = new HashMap<String, String>();
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        env.put(KafkaConfig.PARTITIONS, "3");
        env.put(KafkaConfig.STATE_DIR, stateDir.toString());
        env.put(IngestConfig.PORT, String.valueOf(FreePort.pick()));
        env.put(Access.SHOP_TOKENS, TestTokens.SHOP);
        env.put(Access.OPERATOR_TOKENS, TestTokens.OPERATOR);
        env.putAll(settings);
        var config = IngestConfig.fromEnv(env);
        TopicProvisioner.provision(config.kafka(), TopicProvisioner.tallyTopics(List.of()));
        var service = new IngestService(config, Clock.systemUTC());
        service.start();
        return service;
    }
}
