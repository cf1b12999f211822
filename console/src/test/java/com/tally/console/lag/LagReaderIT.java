package com.tally.console.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.testing.SharedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.Test;

/** The lag reader against {@code kafka-consumer-groups.sh --describe} itself, for the same groups at the same moment. */
class LagReaderIT {

    /** One row of the tool's table, the columns the reader reproduces. */
    private record Row(String currentOffset, String logEndOffset, String lag, String consumerId) {
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
    }

    /** {@code records} records into each partition, in order. */
    private static void produce(String topic, int... records) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < records.length; partition++) {
                for (int i = 0; i < records[partition]; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, "k", "v" + i)).get();
                }
            }
        }
    }

    /** What kafka-consumer-groups.sh --describe prints for the group, by "topic-partition". */
    private static Map<String, Row> describedByTheTool(String group) {
        var out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("kafka-consumer-groups exited " + status + ": " + message);
        });
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            ConsumerGroupCommand.main(new String[]{"--bootstrap-server", SharedKafka.bootstrapServers(), "--describe", "--group", group});
        } finally {
            System.setOut(console);
            Exit.resetExitProcedure();
        }
        var rows = new TreeMap<String, Row>();
        for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length == 9 && columns[0].equals(group)) {
                rows.put(columns[1] + "-" + columns[2], new Row(columns[3], columns[4], columns[5], columns[6]));
            }
        }
        return rows;
    }

    private static Map<String, Row> readByTheConsole(GroupLag group) {
        var rows = new TreeMap<String, Row>();
        for (PartitionLag partition : group.partitions()) {
            rows.put(partition.topic() + "-" + partition.partition(), new Row(shown(partition.committedOffset()), shown(partition.logEndOffset()),
                    shown(partition.lag()), partition.consumerId() == null ? "-" : partition.consumerId()));
        }
        return rows;
    }

    private static String shown(Long value) {
        return value == null ? "-" : String.valueOf(value);
    }

    @Test
    void everyPartitionOfAGroupWithLagIsReadAsKafkaConsumerGroupsDescribesIt() throws Exception {
        String topic = "lag-it.described-" + UUID.randomUUID();
        String other = "lag-it.committed-only-" + UUID.randomUUID();
        String group = "lag-it-" + UUID.randomUUID();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(other, 1, (short) 1))).all().get();
        }
        produce(topic, 10, 5, 0);
        produce(other, 7);
        try (var earlier = consumer(group)) {
            // a partition the group committed and no member has any more: the tool shows it with "-" as consumer
            earlier.commitSync(Map.of(new TopicPartition(other, 0), new OffsetAndMetadata(3)));
        }
        try (var member = consumer(group); Admin admin = admin()) {
            member.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
                member.poll(Duration.ofMillis(200));
            }
            assertEquals(3, member.assignment().size(), "the member holds every partition");
            // partition 2 stays without a committed offset: the tool shows "-" for it
            member.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(4), new TopicPartition(topic, 1),
                    new OffsetAndMetadata(5)));

            Map<String, Row> tool = describedByTheTool(group);
            Map<String, Row> console = readByTheConsole(new LagReader(admin, Duration.ofSeconds(10)).read(List.of(group)).get(0));

            assertEquals(4, tool.size(), "the tool's rows: " + tool);
            assertEquals(tool, console);
            assertEquals(new Row("4", "10", "6", console.get(topic + "-0").consumerId()), console.get(topic + "-0"));
            assertEquals("-", console.get(topic + "-2").currentOffset());
            assertEquals(new Row("3", "7", "4", "-"), console.get(other + "-0"));
        }
    }

    @Test
    void everyConsumerGroupOnTheClusterIsListedAndAKafkaStreamsTopicOfTheGroupIsMarkedInternal() throws Exception {
        String group = "lag-it-app-" + UUID.randomUUID();
        String repartition = group + "-orders-by-id-repartition";
        String plain = "lag-it.plain-" + UUID.randomUUID();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(repartition, 1, (short) 1), new NewTopic(plain, 1, (short) 1))).all().get();
        }
        produce(repartition, 2);
        produce(plain, 2);
        try (var consumer = consumer(group)) {
            consumer.commitSync(Map.of(new TopicPartition(repartition, 0), new OffsetAndMetadata(1), new TopicPartition(plain, 0),
                    new OffsetAndMetadata(2)));
        }

        try (Admin admin = admin()) {
            List<GroupLag> all = new LagReader(admin, Duration.ofSeconds(10)).readAll();
            GroupLag read = all.stream().filter(g -> g.group().equals(group)).findFirst().orElseThrow();

            assertEquals("EMPTY", read.state());
            assertEquals(0, read.members());
            var internal = new ArrayList<String>();
            read.partitions().stream().filter(PartitionLag::internal).forEach(p -> internal.add(p.topic()));
            assertEquals(List.of(repartition), internal);
            assertTrue(read.partitions().stream().anyMatch(p -> p.topic().equals(plain) && !p.internal() && p.lag() == 0));
        }
    }
}
