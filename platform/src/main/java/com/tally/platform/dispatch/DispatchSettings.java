package com.tally.platform.dispatch;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.schemas.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What one dispatcher reads and how hard it may press the system it calls.
 *
 * @param groupId      the consumer group; also names the dead-letter topic and the transactional ID
 * @param instanceId   this instance's stable name, or blank: see {@link DispatchLoop} for what it changes
 * @param maxInFlight  calls running at once, the bound the called system sees from this instance
 * @param callDeadline how long the loop waits for one call; a handler's own timeout must be shorter,
 *                     since a call still running at the deadline fails its whole batch, which is then read again
 */
public record DispatchSettings(KafkaConfig kafka, String groupId, String inputTopic, String instanceId, int maxInFlight,
                               Duration callDeadline) {

    /**
     * A poll hands the loop at most this many waves of calls: few enough that one batch, even if every
     * call runs to the deadline, ends well within the consumer's poll interval, and enough that the
     * calls of a batch overlap instead of waiting for its slowest one wave by wave.
     */
    static final int WAVES_PER_BATCH = 4;
    /** Room for the transaction after the calls, within the poll interval. */
    private static final Duration COMMIT_ALLOWANCE = Duration.ofMinutes(1);
    /** The consumer's own default poll interval: never set lower than that. */
    private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(5);

    public DispatchSettings {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(inputTopic, "inputTopic");
        instanceId = instanceId == null ? "" : instanceId.trim();
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        if (callDeadline == null || callDeadline.isNegative() || callDeadline.isZero()) {
            throw new IllegalArgumentException("callDeadline must be positive, not " + callDeadline);
        }
    }

    public String deadLetterTopic() {
        return Topics.deadLetters(groupId);
    }

    /**
     * The read_committed, never auto-committing consumer of {@link KafkaDefaults#consumer}, reading bytes
     * (decoding is the loop's, so a record that cannot be decoded becomes a dead letter, not a poll
     * error). Its batch size and poll interval follow from the calls in flight and the call deadline,
     * unless the cluster's client settings name them.
     */
    Properties consumerProperties(String clientId) {
        var props = KafkaDefaults.consumer(kafka, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        if (!instanceId.isEmpty()) {
            // static membership: a restarted instance takes its partitions back without a rebalance
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupId + "-" + instanceId);
        }
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxInFlight * WAVES_PER_BATCH));
        int records = Integer.parseInt(props.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG).toString());
        long waves = (records + maxInFlight - 1) / maxInFlight;
        Duration longestBatch = callDeadline.multipliedBy(waves).plus(COMMIT_ALLOWANCE);
        props.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                String.valueOf(Math.max(DEFAULT_POLL_INTERVAL.toMillis(), longestBatch.toMillis())));
        return props;
    }

    Properties producerProperties(String clientId, String transactionalId) {
        return KafkaDefaults.transactionalProducer(kafka, clientId, transactionalId);
    }
}
