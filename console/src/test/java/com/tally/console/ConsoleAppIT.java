package com.tally.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.platform.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.Test;

/** The console on the embedded broker: its lag as JSON, live, as a trend and as the gauges dashboards query, behind the operator token. */
class ConsoleAppIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theLagOfAGroupIsServedAsJsonLiveAsATrendAndAsPrometheusGaugesToOperatorsOnly() throws Exception {
        String topic = "console-it.orders-" + UUID.randomUUID();
        String group = "console-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get();
            }
        }
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group), new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)));
        }
        int port = FreePort.pick();
        var env = new HashMap<>(TestTokens.environment());
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        env.put(ConsoleConfig.PORT_VARIABLE, String.valueOf(port));
        env.put(ConsoleConfig.LAG_INTERVAL, "PT1S");
        String base = "http://localhost:" + port;

        try (var console = new ConsoleApp(ConsoleConfig.fromEnv(env))) {
            console.start();
            Eventually.await(Duration.ofSeconds(30), "the console ready", () -> get(base + "/ready", null).statusCode(), code -> code == 200);

            assertEquals(401, get(base + "/api/lag", null).statusCode());
            assertEquals(200, get(base + "/health", null).statusCode());
            String basic = "Basic " + Base64.getEncoder().encodeToString(("operator:" + TestTokens.OPERATOR).getBytes(StandardCharsets.UTF_8));
            var lag = get(base + "/api/lag", basic);
            assertEquals(200, lag.statusCode(), "a browser's Basic login with the token as password");
            JsonNode groupRead = null;
            for (JsonNode read : TallyJson.mapper().readTree(lag.body()).get("groups")) {
                if (read.get("group").asText().equals(group)) {
                    groupRead = read;
                }
            }
            assertTrue(groupRead != null, lag.body());
            assertEquals("STOPPED", groupRead.get("status").asText(), "records waiting and no member");
            assertEquals(4, groupRead.get("totalLag").asLong());
            assertEquals(4, groupRead.get("partitions").get(0).get("lag").asLong());

            String metrics = get(base + "/metrics", Access.bearer(TestTokens.OPERATOR)).body();
            String labels = "consumergroup=\"" + group + "\",partition=\"0\",service=\"console\",topic=\"" + topic + "\"";
            assertTrue(metrics.contains("kafka_consumergroup_lag{" + labels + "} 4.0"), metrics);
            assertTrue(metrics.contains("kafka_consumergroup_current_offset{" + labels + "} 2.0"), metrics);
            assertTrue(metrics.contains("kafka_consumergroup_lag_seconds{" + labels + "} "), metrics);
            assertTrue(metrics.contains("kafka_consumergroup_status{consumergroup=\"" + group + "\",service=\"console\"} 5.0"), metrics);

            var live = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/lag/events")).header("Authorization", basic)
                            .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, live.statusCode());
            List<String> readings = CompletableFuture.supplyAsync(() -> live.body()
                    .filter(line -> line.startsWith("data:") && line.contains(group)).limit(2).toList()).get(30, TimeUnit.SECONDS);
            assertEquals(2, readings.size(), "the latest reading at once, then the next sampling's");
            assertTrue(readings.get(1).contains("\"status\":\"STOPPED\""), readings.get(1));
            assertEquals(401, get(base + "/api/lag/events", null).statusCode());

            JsonNode trend = TallyJson.mapper().readTree(get(base + "/api/lag/trend", basic).body()).get("groups").get(group);
            assertTrue(trend.size() >= 2, "a point per sampling: " + trend);
            assertEquals(4, trend.get(0).get("totalLag").asLong());
        }
    }
}
