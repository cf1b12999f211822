package com.tally.platform;

import com.tally.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics the services meet on, before any of them serves: a producer writing to a
 * missing topic blocks for max.block.ms, and auto-creation is off so that no topic is ever
 * created with the wrong partitions or replication by a typo. Creating is idempotent. On a topic
 * that already exists, the configs the provisioner owns (those it sets on creation) are set again
 * where they differ, so a bound added in a later release, such as the rejected topic's retention,
 * reaches clusters that already run Tally; every other config of the topic is left as it is.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final int ADMIN_TIMEOUT_SECONDS = 60;

    /**
     * How long a bounded topic keeps records, and how many bytes a partition keeps at most. Only the
     * rejected webhooks are bounded: they are evidence for a person to look at within days, and
     * what a flood writes must not grow without end. Constants, not settings: every service
     * provisions every topic and sets what it owns again, so a setting one service read and
     * another did not would flip the topic back and forth.
     */
    public static final Duration BOUNDED_RETENTION = Duration.ofDays(7);
    public static final long BOUNDED_RETENTION_BYTES = 256L * 1024 * 1024;
    /**
     * Retention deletes whole closed segments only: segments this small, and rolled daily, make the
     * byte cap and the 7 days hold within a segment, instead of within the broker's 1 GiB and 7 days.
     */
    static final long BOUNDED_SEGMENT_BYTES = 32L * 1024 * 1024;
    static final Duration BOUNDED_SEGMENT_AGE = Duration.ofDays(1);

    /**
     * The event logs are the source of truth of what happened: kept until deleted on purpose.
     * Every input of the order state machine is one, since rebuilding the orders replays them all.
     */
    private static final Set<String> KEPT_FOREVER = Set.of(
            Topics.WEBHOOKS, Topics.ORDERS_PLACED, Topics.PAYMENT_EVENTS, Topics.ORDER_EVENTS,
            Topics.FULFILLMENT_REQUESTS, Topics.FULFILLMENT_RESULTS, Topics.FULFILLMENT_CALLBACKS, Topics.REFUNDS, Topics.REFUND_RESULTS,
            Topics.LEDGER_ENTRIES, Topics.SETTLEMENTS);

    /** Written by whoever reaches ingest (forged webhooks included): bounded in time and bytes. */
    private static final Set<String> BOUNDED = Set.of(Topics.WEBHOOKS_REJECTED);

    /** How long a topic keeps its records. */
    public enum Retention {
        /** The broker's default (7 days unless the cluster says otherwise); not owned, so an operator may change it. */
        BROKER_DEFAULT,
        /** Until deleted on purpose. */
        FOREVER,
        /** {@link #BOUNDED_RETENTION} and {@link #BOUNDED_RETENTION_BYTES} per partition, whichever comes first. */
        BOUNDED
    }

    /**
     * One topic to create. None of Tally's topics (docs/ARCHITECTURE.md) is a changelog of state (Kafka Streams
     * creates and compacts its own), so all are event logs; {@code compacted} is there for a
     * topic that holds the latest value per key.
     */
    public record TopicSpec(String name, boolean compacted, Retention retention) {
    }

    private TopicProvisioner() {
    }

    /** Every shared topic, and the dead-letter topic of each stream application given. */
    public static List<TopicSpec> tallyTopics(Collection<String> applicationIds) {
        var specs = new ArrayList<TopicSpec>();
        for (String name : Topics.SHARED) {
            specs.add(new TopicSpec(name, false,
                    KEPT_FOREVER.contains(name) ? Retention.FOREVER : BOUNDED.contains(name) ? Retention.BOUNDED : Retention.BROKER_DEFAULT));
        }
        for (String app : applicationIds) {
            // dead letters wait for a person, however long that takes
            specs.add(new TopicSpec(Topics.deadLetters(app), false, Retention.FOREVER));
        }
        return specs;
    }

    public static void provision(KafkaConfig kafka, List<TopicSpec> topics) {
        try (Admin admin = Admin.create(KafkaDefaults.admin(kafka))) {
            provision(admin, kafka, topics);
        }
    }

    public static void provision(Admin admin, KafkaConfig kafka, List<TopicSpec> topics) {
        List<NewTopic> wanted = topics.stream().map(spec -> new NewTopic(spec.name(), kafka.partitions(), (short) kafka.replicationFactor())
                .configs(ownedConfigs(kafka, spec))).toList();
        var results = admin.createTopics(wanted).values();
        var existing = new ArrayList<TopicSpec>();
        for (TopicSpec spec : topics) {
            try {
                await(results.get(spec.name()), kafka, "creating " + spec.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    // the first call every service makes to Kafka: a wrong password ends the start here, in one line
                    throw KafkaAuthenticationFailure.explain(new IllegalStateException("cannot create topic " + spec.name() + " on "
                            + kafka.bootstrapServers() + ": " + e.getCause().getMessage() + ". Check that the brokers are up and that "
                            + KafkaConfig.REPLICATION_FACTOR + " is not above the number of brokers", e.getCause()),
                            "while creating topics on " + kafka.bootstrapServers());
                }
                existing.add(spec);
            }
        }
        int corrected = existing.isEmpty() ? 0 : correct(admin, kafka, existing);
        log.info("topics ready: {} created, {} already there, {} config(s) of those set again ({} partitions, replication {})",
                wanted.size() - existing.size(), existing.size(), corrected, kafka.partitions(), kafka.replicationFactor());
    }

    /** Sets each owned config of the existing topics that differs from what the provisioner creates; returns how many were set. */
    private static int correct(Admin admin, KafkaConfig kafka, List<TopicSpec> existing) {
        var resources = existing.stream().map(spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).toList();
        Map<ConfigResource, Config> current;
        try {
            current = await(admin.describeConfigs(resources).all(), kafka, "reading the configs of existing topics");
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the configs of Tally's topics on " + kafka.bootstrapServers() + ": "
                    + e.getCause().getMessage() + ". The provisioner needs DescribeConfigs on them", e.getCause());
        }
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
        for (TopicSpec spec : existing) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
            Config config = current.get(resource);
            ownedConfigs(kafka, spec).forEach((name, wantedValue) -> {
                ConfigEntry entry = config.get(name);
                String was = entry == null ? null : entry.value();
                if (!wantedValue.equals(was)) {
                    log.info("topic {}: setting {} to {} (was {})", spec.name(), name, wantedValue, was);
                    changes.computeIfAbsent(resource, r -> new ArrayList<>())
                            .add(new AlterConfigOp(new ConfigEntry(name, wantedValue), AlterConfigOp.OpType.SET));
                }
            });
        }
        if (!changes.isEmpty()) {
            try {
                await(admin.incrementalAlterConfigs(changes).all(), kafka, "setting topic configs");
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot set the configs of " + changes.keySet().stream().map(ConfigResource::name).toList()
                        + " on " + kafka.bootstrapServers() + ": " + e.getCause().getMessage()
                        + ". The provisioner needs AlterConfigs on Tally's topics", e.getCause());
            }
        }
        return changes.values().stream().mapToInt(Collection::size).sum();
    }

    private static <T> T await(KafkaFuture<T> future, KafkaConfig kafka, String doing) throws ExecutionException {
        try {
            return future.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within " + ADMIN_TIMEOUT_SECONDS
                    + " s while " + doing + ": check " + KafkaConfig.BOOTSTRAP_SERVERS, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + doing, e);
        }
    }

    /** The configs the provisioner sets on creation, and sets again on a topic that exists. */
    static Map<String, String> ownedConfigs(KafkaConfig kafka, TopicSpec spec) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(kafka.minInsyncReplicas()));
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, spec.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        switch (spec.retention()) {
            case FOREVER -> configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
            case BOUNDED -> {
                configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(BOUNDED_RETENTION.toMillis()));
                configs.put(TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(BOUNDED_RETENTION_BYTES));
                configs.put(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(BOUNDED_SEGMENT_BYTES));
                configs.put(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(BOUNDED_SEGMENT_AGE.toMillis()));
            }
            case BROKER_DEFAULT -> {
            }
        }
        return configs;
    }
}
