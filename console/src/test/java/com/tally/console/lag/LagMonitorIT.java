package com.tally.console.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.KafkaConfig;
import com.tally.platform.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lag in time, measured from the records, and the status rules over real samplings. */
class LagMonitorIT {

    private static Admin admin;
    private static OldestUnconsumed oldest;

    @BeforeAll
    static void start() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
        oldest = new OldestUnconsumed(new KafkaConfig(SharedKafka.bootstrapServers(), 1, 1, 1, Path.of("unused")), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        oldest.close();
        admin.close();
    }

    private static LagMonitor monitor() {
        return new LagMonitor(new LagReader(admin, Duration.ofSeconds(10)), oldest, Duration.ofMinutes(2), Clock.systemUTC());
    }

    private static String topic(String name) throws Exception {
        String topic = "lag-monitor-it." + name + "-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        return topic;
    }

    private static void produce(String topic, int records, Long timestamp) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, 0, timestamp, "k", "v" + i)).get();
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static void commit(String group, String topic, long offset) {
        try (var consumer = consumer(group)) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)));
        }
    }

    private static LagSnapshot.Group groupIn(LagSnapshot snapshot, String group) {
        return snapshot.groups().stream().filter(g -> g.group().equals(group)).findFirst().orElseThrow(
                () -> new AssertionError(group + " not among " + snapshot.groups().stream().map(LagSnapshot.Group::group).toList()));
    }

    @Test
    void aRecordWaitingSinceAKnownTimeShowsItsAgeWithinASecond() throws Exception {
        String topic = topic("known-age");
        String group = "lag-monitor-it-age-" + UUID.randomUUID();
        Instant written = Instant.now().minusSeconds(90).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        produce(topic, 3, written.toEpochMilli());
        commit(group, topic, 0);

        LagSnapshot snapshot = monitor().sample();

        LagSnapshot.Partition partition = groupIn(snapshot, group).partitions().get(0);
        assertEquals(3L, partition.lag());
        double expected = Duration.between(written, snapshot.at()).toMillis() / 1000.0;
        assertNotNull(partition.lagSeconds());
        assertEquals(expected, partition.lagSeconds(), 1.0, "the age of the first record after the committed offset");
        assertEquals(expected, groupIn(snapshot, group).lagSeconds(), 1.0);
    }

    @Test
    void aGroupThatReadEverythingOfAnIdleTopicShowsNoLagInTimeAndIsOk() throws Exception {
        String topic = topic("idle");
        String group = "lag-monitor-it-idle-" + UUID.randomUUID();
        produce(topic, 4, Instant.now().minusSeconds(3600).toEpochMilli());
        commit(group, topic, 4);

        LagSnapshot.Group read = groupIn(monitor().sample(), group);

        assertEquals(0L, read.partitions().get(0).lag());
        assertEquals(0.0, read.partitions().get(0).lagSeconds());
        assertEquals(0.0, read.lagSeconds());
        assertEquals(GroupStatus.OK, read.status());
    }

    @Test
    void aCommitMarkerAfterTheLastRecordIsLagAsTheToolCountsItButNothingWaitsAndTheGroupIsOk() throws Exception {
        String topic = topic("transactional");
        String group = "lag-monitor-it-marker-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, group), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i));
            }
            producer.commitTransaction();
        }
        commit(group, topic, 3);   // after the three records; the commit marker sits at offset 3

        LagSnapshot.Group read = groupIn(monitor().sample(), group);

        assertEquals(1L, read.partitions().get(0).lag(), "the high watermark counts the marker, as kafka-consumer-groups shows it");
        assertEquals(0.0, read.partitions().get(0).lagSeconds(), "a marker is not a record to consume");
        assertEquals(GroupStatus.OK, read.status());
    }

    @Test
    void aGroupWhoseCommittedOffsetGoesBackShowsRewind() throws Exception {
        String topic = topic("rewound");
        String group = "lag-monitor-it-rewind-" + UUID.randomUUID();
        produce(topic, 10, null);
        LagMonitor monitor = monitor();
        try (var member = consumer(group)) {
            member.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
                member.poll(Duration.ofMillis(200));
            }
            member.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(8)));
            monitor.sample();
            member.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)));   // replayed from an earlier offset

            LagSnapshot.Group read = groupIn(monitor.sample(), group);

            assertEquals(1, read.members());
            assertEquals(PartitionStatus.REWIND, read.partitions().get(0).status());
            assertEquals(GroupStatus.REWIND, read.status());
            assertEquals(GroupStatus.Severity.ERR, read.severity());
        }
    }

    @Test
    void aGroupWithRecordsWaitingAndNoMemberLeftShowsStopped() throws Exception {
        String topic = topic("stopped");
        String group = "lag-monitor-it-stopped-" + UUID.randomUUID();
        produce(topic, 5, null);
        commit(group, topic, 1);   // the consumer that committed is gone, as a killed app's would be

        LagSnapshot.Group read = groupIn(monitor().sample(), group);

        assertEquals(0, read.members());
        assertEquals(4L, read.totalLag());
        assertTrue(read.lagSeconds() >= 0);
        assertEquals(GroupStatus.STOPPED, read.status());
        assertEquals(GroupStatus.Severity.ERR, read.severity());
    }
}
