package com.tally.order;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.SettlementRecord;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** order-stream with exactly_once_v2 on the real embedded broker. */
class OrderStreamIT {

    private static RunningOrderStream orderStream;

    @BeforeAll
    static void startApp() throws Exception {
        orderStream = new RunningOrderStream();
    }

    @AfterAll
    static void stopApp() {
        orderStream.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return orderStream.get(path);
    }

    private static JsonNode awaitOrderStatus(String orderId, String status) throws Exception {
        var answer = Eventually.await(Duration.ofSeconds(30), "order " + orderId + " " + status, () -> get("/orders/" + orderId),
                a -> a.statusCode() == 200 && a.body().contains("\"status\":\"" + status + "\""));
        return TallyJson.mapper().readTree(answer.body());
    }

    private static void send(String topic, String key, byte[] value) throws Exception {
        orderStream.send(topic, key, value);
    }

    @Test
    void webhookBeforeItsOrderEndsPaidWithOnePaymentOnceTheOrderArrives() throws Exception {
        var webhooks = AvroSerde.of(WebhookReceived.class);
        var hook = Fixtures.succeeded("evt_it_1", "pi_it_1", "o-it-1", 4_990);
        send(Topics.WEBHOOKS, "pi_it_1", webhooks.encode(hook));
        send(Topics.WEBHOOKS, "pi_it_1", webhooks.encode(Fixtures.succeeded("evt_it_1", "pi_it_1", "o-it-1", 4_990)));
        send(Topics.ORDERS_PLACED, "o-it-1", AvroSerde.of(OrderPlaced.class).encode(Fixtures.order("o-it-1", 4_990, "EUR")));

        JsonNode order = awaitOrderStatus("o-it-1", "PAID");

        assertEquals(1, order.get("payments").size());
        assertEquals("pi_it_1", order.get("payments").get(0).get("transactionId").asText());
        assertEquals(2, order.get("history").size());
        assertEquals("PENDING", order.get("history").get(0).get("to").asText());
        assertEquals("PAID", order.get("history").get(1).get("to").asText());
    }

    @Test
    void chargeAWholeReportHasAndNoWebhookBroughtPaysItsOrderOnceAndItsRunIsServedAsJsonAndCsv() throws Exception {
        send(Topics.ORDERS_PLACED, "o-it-heal", AvroSerde.of(OrderPlaced.class).encode(Fixtures.order("o-it-heal", 4_990, "EUR")));
        awaitOrderStatus("o-it-heal", "PENDING");
        var row = ReconciliationFixtures.charge("r-it-heal", "txn_it_heal", 1, "pi_it_heal", "o-it-heal", 4_990, "EUR");
        send(Topics.SETTLEMENTS, "pi_it_heal", AvroSerde.of(SettlementRecord.class).encode(row));

        JsonNode order = awaitOrderStatus("o-it-heal", "PAID");

        assertEquals(1, order.get("payments").size());
        assertEquals("txn_it_heal", order.get("payments").get(0).get("providerEventId").asText());
        var run = TallyJson.mapper().readTree(Eventually.await(Duration.ofSeconds(30), "run r-it-heal",
                () -> get("/reconciliation/runs/r-it-heal"), a -> a.statusCode() == 200 && a.body().contains("\"reconciled\":true")).body());
        assertEquals(1, run.get("totals").get("MISSING_IN_TALLY").get("EUR").get("count").asLong());
        assertEquals("pi_it_heal", run.get("discrepancies").get(0).get("transactionId").asText());
        var csv = get("/reconciliation/runs/r-it-heal?format=csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals(3, csv.body().split("\r\n").length, csv.body());
        assertTrue(csv.body().contains("\r\ndiscrepancy,MISSING_IN_TALLY,,,,pi_it_heal,o-it-heal,4990,EUR,false,false,,,false,false,"), csv.body());
        assertEquals(404, get("/reconciliation/runs/r-it-never-uploaded").statusCode());
        assertEquals(400, get("/reconciliation/runs/r-it-heal?format=xml").statusCode());
        String metrics = get("/metrics").body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("tally_reconciliation_transactions{")
                && line.contains("class=\"MISSING_IN_TALLY\"") && line.endsWith(" 1.0")), metrics);
    }

    @Test
    void opsEndpointsAnswerWithKafkaStreamsMetricsBound() throws Exception {
        assertEquals(200, get("/health").statusCode());
        assertEquals(200, get("/ready").statusCode());
        var metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("kafka_stream_"), "Kafka Streams metrics are exported");
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics are exported");
    }

    @Test
    void unknownOrderIsAnswered404() throws Exception {
        var answer = get("/orders/o-nobody-placed");

        assertEquals(404, answer.statusCode());
        assertTrue(answer.body().contains("POST /orders"), answer.body());
    }

    @Test
    void undeserializableRecordGoesToDeadLettersUnderExactlyOnceAndTheAppKeepsRunning() throws Exception {
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        send(Topics.ORDERS_PLACED, "o-it-poison", garbage);
        send(Topics.ORDERS_PLACED, "o-it-after-poison", AvroSerde.of(OrderPlaced.class).encode(Fixtures.order("o-it-after-poison", 100, "EUR")));

        awaitOrderStatus("o-it-after-poison", "PENDING");
        List<ConsumerRecord<byte[], byte[]>> dead = deadLettersWithKey("o-it-poison");
        assertEquals(1, dead.size());
        assertArrayEquals(garbage, dead.get(0).value());
        assertEquals(200, get("/ready").statusCode(), "still RUNNING");
    }

    @Test
    void recordThatFailsProcessingGoesToDeadLettersWithWhereItCameFromAndOtherOrdersGoOn() throws Exception {
        var placements = AvroSerde.of(OrderPlaced.class);
        send(Topics.ORDERS_PLACED, "o-it-misfiled", placements.encode(Fixtures.order("o-it-named", 100, "EUR")));
        send(Topics.ORDERS_PLACED, "o-it-after-misfiled", placements.encode(Fixtures.order("o-it-after-misfiled", 100, "EUR")));

        awaitOrderStatus("o-it-after-misfiled", "PENDING");
        List<ConsumerRecord<byte[], byte[]>> dead = deadLettersWithKey("o-it-misfiled");
        assertEquals(1, dead.size());
        var headers = dead.get(0).headers();
        assertEquals(Topics.ORDERS_PLACED, new String(headers.lastHeader("__streams.errors.topic").value(), StandardCharsets.UTF_8));
        assertTrue(headers.lastHeader("__streams.errors.partition") != null && headers.lastHeader("__streams.errors.offset") != null);
        assertTrue(new String(headers.lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8).contains("o-it-named"));
        assertEquals(404, get("/orders/o-it-misfiled").statusCode());
        assertEquals(200, get("/ready").statusCode(), "still RUNNING");
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLettersWithKey(String key) {
        var found = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "order-it-dlq-reader-" + System.nanoTime(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetters(OrderStreamApp.APPLICATION_ID)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.add(record);
                    }
                }
            }
            // one more poll: a second copy would show up here
            for (var record : consumer.poll(Duration.ofSeconds(1))) {
                if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    found.add(record);
                }
            }
        }
        return found;
    }
}
