package com.tally.notification;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the results say of the requests in the partitions a dispatcher is given: it reads
 * {@code notifications.results} from the beginning (as far as its retention keeps) into an
 * {@link AttemptLedger}, keeping the results of orders whose requests are in those partitions,
 * before any of their requests is handled. It reads read_committed up to the end every partition
 * had when it began, so it waits for every transaction open then to end: an ATTEMPTED committed
 * behind a transaction a crashed dispatcher left open is read too (the dispatcher fences its own
 * predecessor's before it reads; another's ends at the transaction timeout).
 */
final class ResultsHistory {

    private static final Logger log = LoggerFactory.getLogger(ResultsHistory.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private ResultsHistory() {
    }

    /**
     * Fills the ledger for {@code owned}, partitions of {@code notifications.requests}.
     *
     * @return false when stopped before the end was reached
     */
    static boolean read(KafkaConfig kafka, String clientId, Set<Integer> owned, AttemptLedger ledger, BooleanSupplier stopped) {
        var results = AvroSerde.of(NotificationResult.class);
        var props = KafkaDefaults.consumer(kafka, clientId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        long records = 0;
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
            ledger.requestPartitions(consumer.partitionsFor(Topics.NOTIFICATION_REQUESTS).size());
            owned.forEach(ledger::own);
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.NOTIFICATION_RESULTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            Map<TopicPartition, Long> ends = highWatermarks(kafka, clientId, partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!reachedEnd(consumer, ends)) {
                if (stopped.getAsBoolean()) {
                    return false;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    NotificationResult result = decode(results, record);
                    if (result != null) {
                        int partition = ledger.partitionOf(result.getOrderId());
                        if (owned.contains(partition)) {
                            ledger.apply(partition, result);
                        }
                    }
                    records++;
                }
            }
        }
        log.info("{}: read {} result(s) of {} for requests in partition(s) {}: {} in-doubt resend(s) there so far", clientId, records,
                Topics.NOTIFICATION_RESULTS, owned, ledger.inDoubtResends());
        return true;
    }

    /** The end of each partition, uncommitted records included: the read goes on until every transaction open now has ended. */
    private static Map<TopicPartition, Long> highWatermarks(KafkaConfig kafka, String clientId, List<TopicPartition> partitions) {
        var props = KafkaDefaults.consumer(kafka, clientId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-ends");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
            return consumer.endOffsets(partitions);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (var end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static NotificationResult decode(AvroSerde<NotificationResult> results, ConsumerRecord<byte[], byte[]> record) {
        try {
            return record.value() == null ? null : results.decode(record.value());
        } catch (RuntimeException e) {
            // not a result this reader understands: it tells nothing about attempts, and the topic's other readers report it
            log.warn("{}-{} offset {} is not a NotificationResult: {}", record.topic(), record.partition(), record.offset(), e.toString());
            return null;
        }
    }
}
