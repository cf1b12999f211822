package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class TopicProvisionerIT {

    @Test
    void provisioningTwiceCreatesEveryTopicOnceWithItsSettings() throws Exception {
        var kafka = new KafkaConfig(SharedKafka.bootstrapServers(), 1, 1, 4, Path.of("unused"));
        var topics = TopicProvisioner.tallyTopics(List.of("provisioner-it-app"));

        TopicProvisioner.provision(kafka, topics);
        TopicProvisioner.provision(kafka, topics);   // idempotent: every topic is already there

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            var names = admin.listTopics().names().get();
            assertTrue(names.containsAll(Topics.SHARED), "missing: " + Topics.SHARED.stream().filter(t -> !names.contains(t)).toList());
            assertTrue(names.contains("provisioner-it-app.dlq"));
            var description = admin.describeTopics(List.of(Topics.WEBHOOKS)).allTopicNames().get().get(Topics.WEBHOOKS);
            assertEquals(4, description.partitions().size());
            var webhooks = new ConfigResource(ConfigResource.Type.TOPIC, Topics.WEBHOOKS);
            var alerts = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ALERTS);
            var rejected = new ConfigResource(ConfigResource.Type.TOPIC, Topics.WEBHOOKS_REJECTED);
            var configs = admin.describeConfigs(List.of(webhooks, alerts, rejected)).all().get();
            assertEquals("-1", configs.get(webhooks).get("retention.ms").value(), "the webhook log is the source of truth: kept");
            assertEquals("delete", configs.get(webhooks).get("cleanup.policy").value());
            assertEquals("1", configs.get(webhooks).get("min.insync.replicas").value());
            assertEquals("604800000", configs.get(alerts).get("retention.ms").value(), "alerts keep the broker's default retention");
            assertEquals("604800000", configs.get(rejected).get("retention.ms").value(), "rejections are kept 7 days");
            assertEquals("268435456", configs.get(rejected).get("retention.bytes").value(), "and 256 MiB a partition at most");
            assertEquals("33554432", configs.get(rejected).get("segment.bytes").value());
            assertEquals("86400000", configs.get(rejected).get("segment.ms").value());
        }
    }

    @Test
    void aTopicThatExistsWithOtherSettingsGetsTheOnesTheProvisionerOwnsAndKeepsTheRest() throws Exception {
        var kafka = new KafkaConfig(SharedKafka.bootstrapServers(), 1, 1, 2, Path.of("unused"));
        String bounded = "provisioner-it.bounded-" + UUID.randomUUID();
        String brokerDefault = "provisioner-it.default-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // as an earlier release, or an operator, left them
            admin.createTopics(List.of(
                    new NewTopic(bounded, 2, (short) 1).configs(Map.of("retention.ms", "-1", "max.message.bytes", "123456")),
                    new NewTopic(brokerDefault, 2, (short) 1).configs(Map.of("retention.ms", "3600000")))).all().get();

            TopicProvisioner.provision(kafka, List.of(
                    new TopicProvisioner.TopicSpec(bounded, false, TopicProvisioner.Retention.BOUNDED),
                    new TopicProvisioner.TopicSpec(brokerDefault, false, TopicProvisioner.Retention.BROKER_DEFAULT)));

            var boundedResource = new ConfigResource(ConfigResource.Type.TOPIC, bounded);
            var defaultResource = new ConfigResource(ConfigResource.Type.TOPIC, brokerDefault);
            var configs = admin.describeConfigs(List.of(boundedResource, defaultResource)).all().get();
            assertEquals("604800000", configs.get(boundedResource).get("retention.ms").value(), "the retention it owns is set again");
            assertEquals("268435456", configs.get(boundedResource).get("retention.bytes").value());
            assertEquals("33554432", configs.get(boundedResource).get("segment.bytes").value());
            assertEquals("123456", configs.get(boundedResource).get("max.message.bytes").value(), "a config it does not own is left alone");
            assertEquals("3600000", configs.get(defaultResource).get("retention.ms").value(),
                    "a topic on the broker's default retention keeps what an operator chose");
        }
    }
}
