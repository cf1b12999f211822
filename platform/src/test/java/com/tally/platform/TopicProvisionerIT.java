package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
            var configs = admin.describeConfigs(List.of(webhooks, alerts)).all().get();
            assertEquals("-1", configs.get(webhooks).get("retention.ms").value(), "the webhook log is the source of truth: kept");
            assertEquals("delete", configs.get(webhooks).get("cleanup.policy").value());
            assertEquals("1", configs.get(webhooks).get("min.insync.replicas").value());
            assertEquals("604800000", configs.get(alerts).get("retention.ms").value(), "alerts keep the broker's default retention");
        }
    }
}
