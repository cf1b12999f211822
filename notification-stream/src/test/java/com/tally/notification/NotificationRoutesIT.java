package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.Access;
import com.tally.platform.Env;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.KeyedLookup;
import com.tally.platform.StreamsLifecycle;
import com.tally.platform.TallyJson;
import com.tally.platform.TempDirectory;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.platform.testing.TestTokens;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Topics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /notifications/{orderId}} over real HTTP, on two instances of the topology sharing the
 * order's partitions on the embedded broker: the owner answers from its store, the other forwards.
 * Only the outbox's FAILED result and a dispatcher's results are written, no request, so no
 * dispatcher running on the shared broker has an e-mail to send because of this test.
 */
class NotificationRoutesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    /** One instance: Kafka Streams with the topology, and Javalin with the routes, as the app wires them. */
    private static final class Instance implements AutoCloseable {
        final HostInfo self;
        final StreamsLifecycle streams;
        final Javalin http;
        final TempDirectory stateDir;

        Instance(String applicationId) throws Exception {
            stateDir = TempDirectory.create("notification-view-it");
            self = new HostInfo("localhost", FreePort.pick());
            var kafka = new KafkaConfig(SharedKafka.bootstrapServers(), 1, 1, 3, stateDir.path());
            var settings = KafkaDefaults.queryableStreams(kafka, applicationId, self, "");
            var registry = new SimpleMeterRegistry();
            streams = new StreamsLifecycle(NotificationTopology.build(settings, "", registry), settings, registry);
            var env = Env.of(TestTokens.environment());
            var access = Access.fromEnv(env, Access.Caller.OPERATOR);
            env.check();
            var routes = new NotificationRoutes(new KeyedLookup<>(streams.streams(), self, StoreNames.VIEWS,
                    NotificationRoutes::ownerPath, applicationId), access);
            http = Javalin.create(config -> {
                config.jsonMapper(TallyJson.forJavalin());
                routes.install(config);
            }).start(self.port());
            streams.start();
        }

        HttpResponse<String> get(String path, String authorization) throws Exception {
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + self.port() + path));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return get(path, Access.bearer(TestTokens.OPERATOR));
        }

        @Override
        public void close() {
            http.stop();
            streams.close();
            stateDir.close();
        }
    }

    private static NotificationResult result(String orderId, NotificationOutcome outcome, int attempt, long seconds) {
        String id = NotificationIds.of(orderId, NotificationKind.SHIPPED);
        return NotificationResult.newBuilder()
                .setEventId("res-" + UUID.randomUUID())
                .setCauseEventId("req-" + id)
                .setNotificationId(id)
                .setOrderId(orderId)
                .setOutcome(outcome)
                .setDetail(null)
                .setAt(AT.plusSeconds(seconds))
                .setAttempt(attempt)
                .setMessageId("<" + id + "@tally>")
                .setInDoubtResend(false)
                .build();
    }

    private static OrderEvent paidWithNoUsableAddress(String orderId) {
        var event = NotificationRulesTest.event("paid-" + orderId, OrderStatus.PENDING, OrderStatus.PAID, "n/a");
        return OrderEvent.newBuilder(event).setOrderId(orderId).setAt(AT).build();
    }

    @Test
    void anOrdersNotificationsAreServedByItsOwnerAndForwardedByTheOtherInstance() throws Exception {
        String applicationId = "notification-view-it-" + UUID.randomUUID();
        String orderId = "o-view-" + UUID.randomUUID();
        var kafka = new KafkaConfig(SharedKafka.bootstrapServers(), 1, 1, 3, null);
        TopicProvisioner.provision(kafka, TopicProvisioner.tallyTopics(List.of(applicationId)));
        var instances = new ArrayList<Instance>();
        try (var producer = new KafkaProducer<String, byte[]>(KafkaDefaults.producer(kafka, "notification-view-it"))) {
            instances.add(new Instance(applicationId));
            instances.add(new Instance(applicationId));
            for (Instance instance : instances) {
                Eventually.await(Duration.ofSeconds(60), "both instances RUNNING", () -> instance.streams.streams().state(),
                        state -> state == KafkaStreams.State.RUNNING);
            }
            producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS, orderId,
                    AvroSerde.of(OrderEvent.class).encode(paidWithNoUsableAddress(orderId)))).get();
            Instance first = instances.get(0);
            // the outbox's FAILED result first, so the order the view first saw them in is known
            Eventually.await(Duration.ofSeconds(60), "the FAILED confirmation of " + orderId + " shown",
                    () -> first.get("/notifications/" + orderId), a -> a.statusCode() == 200 && a.body().contains("\"FAILED\""));
            var results = AvroSerde.of(NotificationResult.class);
            producer.send(new ProducerRecord<>(Topics.NOTIFICATION_RESULTS, orderId,
                    results.encode(result(orderId, NotificationOutcome.ATTEMPTED, 1, 10)))).get();
            producer.send(new ProducerRecord<>(Topics.NOTIFICATION_RESULTS, orderId,
                    results.encode(result(orderId, NotificationOutcome.SENT, 1, 11)))).get();

            var answer = Eventually.await(Duration.ofSeconds(60), "both notifications of " + orderId + " shown",
                    () -> first.get("/notifications/" + orderId), a -> a.statusCode() == 200 && a.body().contains("\"SENT\""));
            JsonNode body = TallyJson.mapper().readTree(answer.body());
            assertEquals(orderId, body.get("orderId").asText());
            assertEquals(2, body.get("notifications").size());
            JsonNode failed = body.get("notifications").get(0);
            assertEquals(List.of("notificationId", "kind", "recipient", "requestedAt", "outcome", "attempts", "inDoubtResends",
                    "messageId", "detail", "updatedAt"), fieldNames(failed));
            assertEquals(NotificationIds.of(orderId, NotificationKind.ORDER_CONFIRMED), failed.get("notificationId").asText());
            assertEquals("order-confirmed", failed.get("kind").asText());
            assertEquals("FAILED", failed.get("outcome").asText());
            assertEquals(0, failed.get("attempts").asInt());
            assertTrue(failed.get("detail").asText().startsWith("notification-no-recipient: "), failed.toString());
            assertEquals("2026-12-02T10:00:00Z", failed.get("updatedAt").asText());
            JsonNode shipped = body.get("notifications").get(1);
            assertEquals("shipped", shipped.get("kind").asText());
            assertEquals("SENT", shipped.get("outcome").asText());
            assertEquals(1, shipped.get("attempts").asInt());
            assertEquals(0, shipped.get("inDoubtResends").asInt());
            assertEquals("<" + NotificationIds.of(orderId, NotificationKind.SHIPPED) + "@tally>", shipped.get("messageId").asText());
            assertEquals("2026-12-02T10:00:11Z", shipped.get("updatedAt").asText());

            // the same answer from either instance: one reads its store, the other forwards to it
            Instance owner = owner(instances, orderId);
            Instance other = instances.get(instances.get(0) == owner ? 1 : 0);
            assertEquals(answer.body(), other.get("/notifications/" + orderId).body());
            assertEquals(answer.body(), owner.get("/notifications/" + orderId + "?local=true").body());
            // ?local=true is not forwarded: the other instance has no active copy of the order's partition to read
            var notOwned = other.get("/notifications/" + orderId + "?local=true");
            assertEquals(503, notOwned.statusCode(), notOwned.body());
            assertEquals("2", notOwned.headers().firstValue("Retry-After").orElse(""));

            var unknown = other.get("/notifications/o-never-notified");
            assertEquals(404, unknown.statusCode());
            assertEquals(List.of("error"), fieldNames(TallyJson.mapper().readTree(unknown.body())));
            assertTrue(unknown.body().contains("GET /orders/o-never-notified on order-stream"), unknown.body());

            assertEquals(401, other.get("/notifications/" + orderId, null).statusCode());
            assertEquals(401, owner.get("/notifications/" + orderId, Access.bearer("not-the-operator-token-at-all")).statusCode());
        } finally {
            instances.forEach(Instance::close);
        }
    }

    private static Instance owner(List<Instance> instances, String orderId) {
        KeyQueryMetadata metadata = instances.get(0).streams.streams().queryMetadataForKey(StoreNames.VIEWS, orderId,
                Serdes.String().serializer());
        return instances.stream().filter(i -> i.self.equals(metadata.activeHost())).findFirst()
                .orElseThrow(() -> new AssertionError("no instance owns " + orderId + ": " + metadata));
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
