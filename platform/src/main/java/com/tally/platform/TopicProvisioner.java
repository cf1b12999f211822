package com.tally.platform;

import com.tally.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics the services meet on, before any of them serves: a producer writing to a
 * missing topic blocks for max.block.ms, and auto-creation is off so that no topic is ever
 * created with the wrong partitions or replication by a typo. Creating is idempotent.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    /**
     * The event logs are the source of truth of what happened: kept until deleted on purpose.
     * Every input of the order state machine is one, since rebuilding the orders replays them all.
     */
    private static final Set<String> KEPT_FOREVER = Set.of(
            Topics.WEBHOOKS, Topics.ORDERS_PLACED, Topics.PAYMENT_EVENTS, Topics.ORDER_EVENTS,
            Topics.FULFILLMENT_REQUESTS, Topics.FULFILLMENT_RESULTS, Topics.REFUNDS,
            Topics.LEDGER_ENTRIES, Topics.SETTLEMENTS);

    /**
     * One topic to create. None of Tally's topics (docs/ARCHITECTURE.md) is a changelog of state (Kafka Streams
     * creates and compacts its own), so all are event logs; {@code compacted} is there for a
     * topic that holds the latest value per key.
     */
    public record TopicSpec(String name, boolean compacted, boolean keptForever) {
    }

    private TopicProvisioner() {
    }

    /** Every shared topic, and the dead-letter topic of each stream application given. */
    public static List<TopicSpec> tallyTopics(Collection<String> applicationIds) {
        var specs = new ArrayList<TopicSpec>();
        for (String name : Topics.SHARED) {
            specs.add(new TopicSpec(name, false, KEPT_FOREVER.contains(name)));
        }
        for (String app : applicationIds) {
            // dead letters wait for a person, however long that takes
            specs.add(new TopicSpec(Topics.deadLetters(app), false, true));
        }
        return specs;
    }

    public static void provision(KafkaConfig kafka, List<TopicSpec> topics) {
        try (Admin admin = Admin.create(KafkaDefaults.admin(kafka))) {
            provision(admin, kafka, topics);
        }
    }

    public static void provision(Admin admin, KafkaConfig kafka, List<TopicSpec> topics) {
        List<NewTopic> wanted = topics.stream().map(spec -> newTopic(kafka, spec)).toList();
        var results = admin.createTopics(wanted).values();
        int created = 0;
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get(60, TimeUnit.SECONDS);
                created++;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    // the first call every service makes to Kafka: a wrong password ends the start here, in one line
                    throw KafkaAuthenticationFailure.explain(new IllegalStateException("cannot create topic " + entry.getKey() + " on "
                            + kafka.bootstrapServers() + ": " + e.getCause().getMessage() + ". Check that the brokers are up and that "
                            + KafkaConfig.REPLICATION_FACTOR + " is not above the number of brokers", e.getCause()),
                            "while creating topics on " + kafka.bootstrapServers());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within 60 s while creating "
                        + entry.getKey() + ": check " + KafkaConfig.BOOTSTRAP_SERVERS, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topics", e);
            }
        }
        log.info("topics ready: {} created, {} already there ({} partitions, replication {})",
                created, wanted.size() - created, kafka.partitions(), kafka.replicationFactor());
    }

    private static NewTopic newTopic(KafkaConfig kafka, TopicSpec spec) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(kafka.minInsyncReplicas()));
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, spec.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        if (spec.keptForever()) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        return new NewTopic(spec.name(), kafka.partitions(), (short) kafka.replicationFactor()).configs(configs);
    }
}
