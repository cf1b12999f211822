package com.tally.proof.bench;

import com.tally.platform.testing.CommittedLog;
import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The most records this broker takes from one idempotent acks=all producer: the run's own
 * webhook records appended again, as fast as they go, to a topic of the same partition count.
 */
final class RawProducerCeiling {

    static final String TOPIC = "bench.raw-ceiling";

    private RawProducerCeiling() {
    }

    static double recordsPerSecond(KafkaConfig kafka, Duration duration) throws Exception {
        List<byte[]> values = CommittedLog.of(kafka, Topics.WEBHOOKS).stream().limit(5_000).map(r -> r.value()).toList();
        if (values.isEmpty()) {
            throw new IllegalStateException("no webhook records to append: run the payment path first");
        }
        try (Admin admin = Admin.create(KafkaDefaults.admin(kafka))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, kafka.partitions(), (short) kafka.replicationFactor()))).all().get();
        }
        var settings = KafkaDefaults.producer(kafka, "bench-raw");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long sent = 0;
        try (var producer = new KafkaProducer<String, byte[]>(settings)) {
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            while (System.nanoTime() < end) {
                byte[] value = values.get((int) (sent % values.size()));
                producer.send(new ProducerRecord<>(TOPIC, "key-" + (sent % 10_000), value));
                sent++;
            }
            producer.flush();
            return sent / ((System.nanoTime() - start) / 1e9);
        }
    }
}
