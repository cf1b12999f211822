package com.tally.platform.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tally.platform.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @TempDir
    Path dataDir;

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static List<String> readCommitted(String bootstrap, String topic) {
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    private static KafkaProducer<String, String> producer(String bootstrap, String transactionalId) {
        var settings = new HashMap<String, Object>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        if (transactionalId != null) {
            settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    @Test
    void transactionalWritesAreVisibleOnlyWhenCommitted() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        createTopic(bootstrap, "broker-it-transactions");
        try (var producer = producer(bootstrap, "broker-it-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String v : List.of("a", "b", "c")) {
                producer.send(new ProducerRecord<>("broker-it-transactions", v, v));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("broker-it-transactions", "x", "x"));
            producer.send(new ProducerRecord<>("broker-it-transactions", "y", "y"));
            producer.flush();
            producer.abortTransaction();
        }

        assertEquals(List.of("a", "b", "c"), readCommitted(bootstrap, "broker-it-transactions"));
    }

    @Test
    void restartOnTheSameDataDirKeepsRecords() throws Exception {
        try (var broker = EmbeddedKafkaBroker.builder().port(0).dataDir(dataDir).build().start()) {
            createTopic(broker.bootstrapServers(), "kept");
            try (var producer = producer(broker.bootstrapServers(), null)) {
                for (int i = 1; i <= 5; i++) {
                    producer.send(new ProducerRecord<>("kept", "k" + i, "v" + i)).get();
                }
            }
        }

        try (var again = EmbeddedKafkaBroker.builder().port(0).dataDir(dataDir).build().start()) {
            assertEquals(List.of("v1", "v2", "v3", "v4", "v5"), readCommitted(again.bootstrapServers(), "kept"));
        }
    }

    @Test
    void freshStartWipesEarlierData() throws Exception {
        try (var broker = EmbeddedKafkaBroker.builder().port(0).dataDir(dataDir).build().start()) {
            createTopic(broker.bootstrapServers(), "wiped");
        }

        try (var again = EmbeddedKafkaBroker.builder().port(0).dataDir(dataDir).fresh(true).build().start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get();
            assertFalse(topics.contains("wiped"), "topics after a fresh start: " + topics);
        }
    }
}
