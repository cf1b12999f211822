package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tally.platform.testing.SharedKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.junit.jupiter.api.Test;

class RepartitionTopicsIT {

    private static Topology countByValue(String input) {
        var builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()).withName("words-in"))
                .groupBy((key, value) -> value, Grouped.with("by-word", Serdes.String(), Serdes.String()))
                .count(Named.as("count-words"), Materialized.as("word-counts"));
        return builder.build();
    }

    @Test
    void repartitionTopicsAreFoundInTheDescription() {
        assertEquals(Map.of("by-word-repartition", Set.of("words")), RepartitionTopics.feedingTopics(countByValue("words").describe()));
    }

    @Test
    void aRepartitionTopicIsCreatedAsStreamsWouldWithThePartitionsOfItsInput() throws Exception {
        var kafka = new KafkaConfig(SharedKafka.bootstrapServers(), 1, 1, 5, Path.of("unused"));
        try (Admin admin = Admin.create(KafkaDefaults.admin(kafka))) {
            admin.createTopics(List.of(new NewTopic("repartition-it-words", 5, (short) 1))).all().get();
            var settings = KafkaDefaults.streams(kafka, "repartition-it");

            RepartitionTopics.create(countByValue("repartition-it-words").describe(), settings);
            RepartitionTopics.create(countByValue("repartition-it-words").describe(), settings);   // already there: nothing to do

            String topic = "repartition-it-by-word-repartition";
            assertEquals(5, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals("delete", config.get("cleanup.policy").value());
            assertEquals("-1", config.get("retention.ms").value(), "Streams purges what it committed; nothing expires");
            assertEquals("1", config.get("min.insync.replicas").value());
        }
    }
}
