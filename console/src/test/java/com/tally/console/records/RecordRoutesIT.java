package com.tally.console.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.console.ConsoleApp;
import com.tally.console.ConsoleConfig;
import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TallyJson;
import com.tally.platform.dispatch.DeadLetters;
import com.tally.platform.testing.SharedKafka;
import com.tally.platform.testing.TestTokens;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.Severity;
import com.tally.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alerts and the dead letters as the console serves them, from real topics. */
class RecordRoutesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String DEAD_LETTERS = "console-it-" + RUN + ".dlq";
    private static ConsoleApp console;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            for (var topic : List.of(new NewTopic(Topics.ALERTS, 3, (short) 1), new NewTopic(DEAD_LETTERS, 1, (short) 1))) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        Instant base = Instant.parse("2026-12-03T08:00:00Z");
        var alerts = AvroSerde.of(Alert.class);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                String kind = i % 2 == 0 ? "order-stuck-" + RUN : "notification-failed-" + RUN;
                var alert = Alert.newBuilder().setEventId("evt-" + RUN + "-" + i).setCauseEventId(null).setKind(kind)
                        .setSeverity(Severity.WARNING).setSubject("o-" + i).setDetail("detail " + i).setAt(base.plusSeconds(i)).build();
                producer.send(new ProducerRecord<>(Topics.ALERTS, null, base.plusSeconds(i).toEpochMilli(),
                        ("o-" + i).getBytes(StandardCharsets.UTF_8), alerts.encode(alert))).get();
            }
            for (int i = 0; i < 3; i++) {
                var letter = new ProducerRecord<>(DEAD_LETTERS, 0, base.plusSeconds(i).toEpochMilli(), ("key-" + i).getBytes(StandardCharsets.UTF_8),
                        new byte[]{1, 2, 3});
                letter.headers().add(DeadLetters.EXCEPTION, "org.apache.kafka.common.errors.SerializationException".getBytes(StandardCharsets.UTF_8))
                        .add(DeadLetters.MESSAGE, ("not a request " + i).getBytes(StandardCharsets.UTF_8))
                        .add(DeadLetters.TOPIC, "notifications.requests".getBytes(StandardCharsets.UTF_8))
                        .add(DeadLetters.PARTITION, "2".getBytes(StandardCharsets.UTF_8))
                        .add(DeadLetters.OFFSET, String.valueOf(40 + i).getBytes(StandardCharsets.UTF_8));
                producer.send(letter).get();
            }
        }
        int port = FreePort.pick();
        var env = new HashMap<>(TestTokens.environment());
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        env.put(ConsoleConfig.PORT_VARIABLE, String.valueOf(port));
        console = new ConsoleApp(ConsoleConfig.fromEnv(env));
        console.start();
        RecordRoutesIT.base = "http://localhost:" + port;
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    private static HttpResponse<String> get(String path, boolean withToken) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path));
        if (withToken) {
            request.header("Authorization", Access.bearer(TestTokens.OPERATOR));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> answer = get(path, true);
        assertEquals(200, answer.statusCode(), answer.body());
        return TallyJson.mapper().readTree(answer.body());
    }

    @Test
    void theAlertsOfOneKindComeNewestFirstWithTheCountOfEachKindSeen() throws Exception {
        JsonNode body = json("/api/alerts?kind=order-stuck-" + RUN);

        var subjects = new ArrayList<String>();
        body.get("alerts").forEach(alert -> subjects.add(alert.get("subject").asText()));
        assertEquals(List.of("o-4", "o-2", "o-0"), subjects);
        assertEquals("WARNING", body.get("alerts").get(0).get("severity").asText());
        assertEquals("detail 4", body.get("alerts").get(0).get("detail").asText());
        assertEquals(3, body.get("kinds").get("order-stuck-" + RUN).asInt());
        assertEquals(2, body.get("kinds").get("notification-failed-" + RUN).asInt());
        assertEquals(2, json("/api/alerts?kind=order-stuck-" + RUN + "&limit=2").get("alerts").size());
    }

    @Test
    void eachDeadLetterTopicShowsItsSizeAndItsNewestEntriesWithTheirErrorHeaders() throws Exception {
        JsonNode topic = null;
        for (JsonNode read : json("/api/dead-letters?limit=2").get("topics")) {
            if (read.get("topic").asText().equals(DEAD_LETTERS)) {
                topic = read;
            }
        }
        assertEquals(3, topic.get("records").asLong());
        assertEquals(2, topic.get("newest").size());
        JsonNode newest = topic.get("newest").get(0);
        assertEquals("key-2", newest.get("key").asText());
        assertEquals("org.apache.kafka.common.errors.SerializationException", newest.get("exception").asText());
        assertEquals("not a request 2", newest.get("message").asText());
        assertEquals("notifications.requests", newest.get("fromTopic").asText());
        assertEquals("42", newest.get("fromOffset").asText());
        assertEquals("key-1", topic.get("newest").get(1).get("key").asText());
    }

    @Test
    void aLimitOutOfRangeIsRefusedAndNothingIsShownWithoutTheOperatorToken() throws Exception {
        assertEquals(400, get("/api/alerts?limit=0", true).statusCode());
        assertEquals(400, get("/api/dead-letters?limit=many", true).statusCode());
        assertEquals(401, get("/api/alerts", false).statusCode());
        assertEquals(401, get("/api/dead-letters", false).statusCode());
    }
}
