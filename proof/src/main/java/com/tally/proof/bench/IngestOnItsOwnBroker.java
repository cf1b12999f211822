package com.tally.proof.bench;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.IngestService;
import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TempDirectory;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.broker.EmbeddedKafkaBroker;
import com.tally.proof.stack.StackEnvironment;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * ingest-service serving Stripe webhooks signed with {@code stripeSecret}, on a fresh embedded
 * broker of its own, in this JVM: what the benchmarks that load ingest alone start. Closing it
 * stops ingest, then the broker, and deletes the broker's data (gigabytes after a long run).
 */
final class IngestOnItsOwnBroker implements AutoCloseable {

    private final TempDirectory dataDir;
    private final EmbeddedKafkaBroker broker;
    private final IngestService ingest;
    private boolean ingestStopped;

    IngestOnItsOwnBroker(String name, int partitions, String stripeSecret) throws IOException {
        dataDir = TempDirectory.create(name);
        EmbeddedKafkaBroker started = null;
        try {
            started = EmbeddedKafkaBroker.builder().port(0).dataDir(dataDir.path()).build().start();
            var config = IngestConfig.fromEnv(Map.of(
                    KafkaConfig.BOOTSTRAP_SERVERS, started.bootstrapServers(),
                    KafkaConfig.PARTITIONS, String.valueOf(partitions),
                    IngestConfig.PORT, String.valueOf(FreePort.pick()),
                    IngestConfig.PROVIDERS, "stripe",
                    IngestConfig.STRIPE_WEBHOOK_SECRET, stripeSecret,
                    // both needed to start; only webhooks are sent
                    Access.SHOP_TOKENS, StackEnvironment.DEFAULT_SHOP_TOKEN,
                    Access.OPERATOR_TOKENS, StackEnvironment.DEFAULT_OPERATOR_TOKEN));
            TopicProvisioner.provision(config.kafka(), TopicProvisioner.tallyTopics(List.of()));
            ingest = new IngestService(config, Clock.systemUTC());
            ingest.start();
        } catch (RuntimeException e) {
            // the caller never gets this to close: what was started goes now
            if (started != null) {
                started.close();
            }
            dataDir.close();
            throw e;
        }
        broker = started;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    String url() {
        return ingest.url();
    }

    /** Stops ingest gracefully (every append in flight answered, the open rejection window written); the broker stays. */
    void stopIngest() {
        if (!ingestStopped) {
            ingestStopped = true;
            ingest.close();
        }
    }

    @Override
    public void close() {
        try {
            stopIngest();
        } finally {
            try {
                broker.close();
            } finally {
                dataDir.close();
            }
        }
    }
}
