package com.tally.platform;

import com.tally.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The one place where exactly-once is configured: every stream app and producer takes its
 * settings from here, so no service can quietly run with weaker guarantees.
 */
public final class KafkaDefaults {

    /** Kafka Streams' transaction timeout under exactly-once, for the transactional producers Tally builds itself. */
    static final int TRANSACTION_TIMEOUT_MS = 10_000;

    private KafkaDefaults() {
    }

    /**
     * {@link #streams} for an app whose instances answer interactive queries: each announces where
     * it answers ({@code application.server}), so the others can forward a key it owns; and with
     * an instance ID it is a static member, so a restarted instance takes its partitions back at
     * once instead of waiting out the session timeout of the one that died.
     *
     * @param instanceId blank for dynamic membership
     */
    public static Properties queryableStreams(KafkaConfig kafka, String applicationId, HostInfo self, String instanceId) {
        var props = streams(kafka, applicationId);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        if (!instanceId.isBlank()) {
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), applicationId + "-" + instanceId);
        }
        return props;
    }

    /**
     * Streams settings: exactly_once_v2 (which also makes consumers read_committed), and a
     * record that cannot be deserialized or whose processing throws goes to
     * {@code <application.id>.dlq} with the error, topic, partition and offset in its headers,
     * in the same transaction, while the app goes on with the next record: one poison event must
     * not stall every other order, and it is kept, not skipped silently.
     */
    public static Properties streams(KafkaConfig kafka, String applicationId) {
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, kafka.processingGuarantee());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, kafka.commitInterval().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, kafka.replicationFactor());
        props.put(StreamsConfig.topicPrefix("min.insync.replicas"), String.valueOf(kafka.minInsyncReplicas()));
        props.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir().resolve(applicationId).toString());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.deadLetters(applicationId));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        // the same for global stores' processing, which Kafka 5 will make the default. The main consumer's
        // copy is for its partition assignor, which reads a StreamsConfig of its own from the consumer's
        // settings and would otherwise warn on every start that the flag is off
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // several instances: a standby takes over a failed one without replaying the whole changelog,
        // and answers stale reads meanwhile
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, kafka.standbyReplicas());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, kafka.streamThreads());
        props.putAll(kafka.clientSettings());
        return props;
    }

    /** An idempotent acks=all producer: an acknowledged append is on every in-sync replica, once. */
    public static Properties producer(KafkaConfig kafka, String clientId) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putAll(only(ProducerConfig.configNames(), kafka.clientSettings()));
        return props;
    }

    /**
     * A transactional producer for a consume-call-produce loop ({@code com.tally.platform.dispatch}), on
     * top of {@link #producer}: keys and values are bytes, since a dead letter keeps the key it came with.
     * The transaction timeout is Kafka Streams' own under exactly-once: a loop's transaction holds only
     * the appends and the offsets (the calls are made before it begins), so it lasts milliseconds, and a
     * transaction left open by a crashed instance stops blocking read_committed readers within seconds.
     */
    public static Properties transactionalProducer(KafkaConfig kafka, String clientId, String transactionalId) {
        var props = producer(kafka, clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(TRANSACTION_TIMEOUT_MS));
        return props;
    }

    /**
     * A consumer for Tally's own tools (the verifier, the crash test's reader): read_committed, as every reader
     * of Tally's topics must be, from the earliest offset, committing nothing. Deserializers are the caller's.
     */
    public static Properties consumer(KafkaConfig kafka, String groupId) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putAll(only(ConsumerConfig.configNames(), kafka.clientSettings()));
        // after the settings: each reader has a group of its own, which a group.id meant for something else must not merge
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        return props;
    }

    /**
     * A {@link #consumer} for a reader that assigns partitions and seeks, never subscribes (the console's
     * tail and lag reads): with no group it joins none and commits nothing, so a look at a topic leaves no
     * trace on the cluster. It reads bytes; decoding is the caller's.
     */
    public static Properties reader(KafkaConfig kafka, String clientId) {
        var props = consumer(kafka, clientId);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** An admin client with the cluster's client settings (TLS, SASL ...). */
    public static Properties admin(KafkaConfig kafka) {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.putAll(only(AdminClientConfig.configNames(), kafka.clientSettings()));
        return props;
    }

    /** The settings a client knows: the others are for other clients, and a client warns about each one it does not use. */
    static Map<String, String> only(Set<String> known, Map<String, String> settings) {
        var kept = new HashMap<String, String>();
        settings.forEach((name, value) -> {
            if (known.contains(name)) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
