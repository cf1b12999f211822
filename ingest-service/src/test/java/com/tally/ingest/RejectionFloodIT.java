package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookRejected;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite's small flood ({@code ./tally flood} is the big one): forged webhooks from one
 * address, interleaved with correctly signed ones, against ingest-service on the embedded broker.
 * The flood arrives through a trusted proxy, so the address that is limited is the one
 * X-Forwarded-For names.
 */
class RejectionFloodIT {

    private static final String SECRET = "whsec_flood_it";
    private static final String FLOODER = "198.51.100.77";
    private static final int FORGED = 2_000;
    private static final int SIGNED = 200;
    private static final int CONNECTIONS = 8;
    private static final AvroSerde<WebhookRejected> REJECTIONS = AvroSerde.of(WebhookRejected.class);

    @TempDir
    static Path stateDir;

    private static byte[] payment(String intent) {
        return ("{\"id\":\"evt_" + intent + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"" + intent + "\",\"object\":\"payment_intent\","
                + "\"amount\":4990,\"currency\":\"eur\",\"status\":\"succeeded\",\"metadata\":{\"order_id\":\"o-" + intent + "\"}}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long endOffsets(String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", SharedKafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void aFloodOfForgedWebhooksLeavesABoundedTraceCountedExactlyWhileEverySignedOneIsAcceptedAndLands() throws Exception {
        var service = IngestOnSharedKafka.start(stateDir, Map.of(
                IngestConfig.PROVIDERS, "stripe",
                IngestConfig.STRIPE_WEBHOOK_SECRET, SECRET,
                IngestConfig.TRUSTED_PROXIES, "127.0.0.1,::1"));
        var http = HttpClient.newHttpClient();
        URI webhooks = URI.create(service.url() + "/webhooks/stripe");
        String run = UUID.randomUUID().toString().substring(0, 8);
        long rejectedBefore = endOffsets(Topics.WEBHOOKS_REJECTED);
        double countedBefore = counted(http, service.url());
        var answers = new ConcurrentHashMap<Integer, Integer>();
        try {
            // every 11th request is signed: 200 among 2,000 forged, all through the same proxy
            var next = new AtomicInteger();
            var load = Executors.newFixedThreadPool(CONNECTIONS);
            var senders = new ArrayList<Future<?>>();
            for (int c = 0; c < CONNECTIONS; c++) {
                senders.add(load.submit(() -> {
                    for (int i = next.getAndIncrement(); i < FORGED + SIGNED; i = next.getAndIncrement()) {
                        boolean signed = i % 11 == 0;
                        byte[] body = payment("pi_flood_" + run + "_" + i);
                        String secret = signed ? SECRET : "whsec_forger";
                        var request = HttpRequest.newBuilder(webhooks)
                                .header("Content-Type", "application/json")
                                .header("X-Forwarded-For", signed ? "203.0.113.1" : FLOODER)
                                .header("Stripe-Signature", StripeSignature.sign(secret, Instant.now().getEpochSecond(), body))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        answers.put(i, http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                    }
                    return null;
                }));
            }
            for (var sender : senders) {
                sender.get();
            }
            load.shutdown();

            var signedAnswers = answers.entrySet().stream().filter(e -> e.getKey() % 11 == 0).map(Map.Entry::getValue).toList();
            var forgedAnswers = answers.entrySet().stream().filter(e -> e.getKey() % 11 != 0).map(Map.Entry::getValue).toList();
            assertEquals(SIGNED, signedAnswers.size());
            assertEquals(List.of(200), signedAnswers.stream().distinct().toList(), "every signed webhook is accepted during the flood");
            assertEquals(FORGED, forgedAnswers.size());
            assertEquals(List.of(401), forgedAnswers.stream().distinct().toList(), "every forged one is answered 401");
            assertEquals(FORGED, counted(http, service.url()) - countedBefore, "the counter counts every forged webhook, one by one");
        } finally {
            // the open window's summary is written on stop: no need to wait for the minute to end
            service.close();
        }

        Set<String> signedIntents = answers.keySet().stream().filter(i -> i % 11 == 0).map(i -> "pi_flood_" + run + "_" + i)
                .collect(Collectors.toSet());
        var landed = CommittedLog.of(SharedKafka.bootstrapServers(), Topics.WEBHOOKS).stream()
                .filter(r -> signedIntents.contains(r.key())).map(r -> r.key()).toList();
        assertEquals(SIGNED, landed.size(), "every signed webhook is on " + Topics.WEBHOOKS);
        assertEquals(signedIntents, Set.copyOf(landed));

        long grown = endOffsets(Topics.WEBHOOKS_REJECTED) - rejectedBefore;
        assertTrue(grown <= 50, Topics.WEBHOOKS_REJECTED + " grew by " + grown + " records");
        var fromFlooder = CommittedLog.of(SharedKafka.bootstrapServers(), Topics.WEBHOOKS_REJECTED).stream()
                .map(r -> REJECTIONS.decode(r.value())).filter(r -> FLOODER.equals(r.getRemoteAddress())).toList();
        assertEquals(FORGED, fromFlooder.stream().mapToLong(WebhookRejected::getCount).sum(),
                "the full records and the summaries count every forged webhook exactly");
        assertTrue(fromFlooder.stream().anyMatch(r -> r.getReceivedUntil() != null && r.getCount() > 1), "the rest is in a summary");
    }

    private static double counted(HttpClient http, String baseUrl) throws Exception {
        return MetricsScrape.samples(http, baseUrl, "tally_ingest_webhooks_rejected_total", Map.of("provider", "stripe", "reason", "MISMATCH"))
                .stream().mapToDouble(Double::doubleValue).sum();
    }
}
