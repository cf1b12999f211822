package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.broker.EmbeddedKafkaBroker;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.platform.testing.TestTokens;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2xx means durably in Kafka, whatever stops mid-run: every webhook answered 2xx under
 * concurrent load is in payments.webhooks afterwards, exactly once, when ingest is stopped with
 * SIGTERM and, separately, when the broker process is killed with SIGKILL.
 */
class DurabilityIT {

    private static final String SECRET = "whsec_durability_it";
    private static final int CLIENTS = 16;

    @TempDir
    Path kafkaDir;
    @TempDir
    Path stateDir;

    /** Signed webhooks from several clients until stopped; remembers every transaction ID answered 2xx. */
    private static final class Load implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final String run = UUID.randomUUID().toString().substring(0, 8);
        private final AtomicInteger sequence = new AtomicInteger();
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        Load(String baseUrl) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        send(baseUrl);
                    }
                });
            }
        }

        private void send(String baseUrl) {
            String intent = "pi_dur_" + run + "_" + sequence.incrementAndGet();
            long now = Instant.now().getEpochSecond();
            byte[] body = ("{\"id\":\"evt_" + intent + "\",\"type\":\"payment_intent.succeeded\",\"created\":" + now
                    + ",\"data\":{\"object\":{\"id\":\"" + intent + "\",\"amount\":100,\"currency\":\"eur\",\"metadata\":{\"order_id\":\"o-1\"}}}}")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                var answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/stripe"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Stripe-Signature", StripeSignature.sign(SECRET, now, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 == 2) {
                    accepted.add(intent);
                } else {
                    unavailable.incrementAndGet();
                }
            } catch (IOException e) {
                failed.incrementAndGet();   // connection refused or reset: no answer, so no promise was made
                sleepQuietly(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String prefix() {
            return "pi_dur_" + run + "_";
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            clients.shutdown();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Process javaProcess(String mainClass, Map<String, String> env, String... args) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** How many times each transaction ID of this run is in payments.webhooks, read_committed. */
    private static Map<String, Integer> appendedCounts(String bootstrap, String prefix) {
        var counts = new HashMap<String, Integer>();
        var serde = AvroSerde.of(WebhookReceived.class);
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.WEBHOOKS).stream().map(p -> new TopicPartition(Topics.WEBHOOKS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(prefix)) {
                        counts.merge(serde.decode(record.value()).getTransactionId(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    private static void assertEveryAcceptedIsAppendedOnce(Load load, Map<String, Integer> appended) {
        System.out.printf("durability run %s: %d answered 2xx, %d answered 503, %d without answer; %d of the run's webhooks in Kafka%n",
                load.run, load.accepted.size(), load.unavailable.get(), load.failed.get(), appended.size());
        assertTrue(load.accepted.size() > 50, "the run did real work: " + load.accepted.size() + " accepted");
        var missing = load.accepted.stream().filter(id -> !appended.containsKey(id)).toList();
        assertEquals(List.of(), missing, "answered 2xx but not in " + Topics.WEBHOOKS);
        var repeated = load.accepted.stream().filter(id -> appended.get(id) != 1).toList();
        assertEquals(List.of(), repeated, "appended more than once");
    }

    private static Map<String, String> ingestEnv(String bootstrap, int port) {
        return Map.of(
                KafkaConfig.BOOTSTRAP_SERVERS, bootstrap,
                KafkaConfig.PARTITIONS, "3",
                IngestConfig.PORT, String.valueOf(port),
                IngestConfig.PROVIDERS, "stripe",
                IngestConfig.STRIPE_WEBHOOK_SECRET, SECRET,
                IngestConfig.ACK_TIMEOUT, "PT2S",
                Access.SHOP_TOKENS, TestTokens.SHOP,
                Access.OPERATOR_TOKENS, TestTokens.OPERATOR);
    }

    private static void awaitReady(String baseUrl) throws Exception {
        var http = HttpClient.newHttpClient();
        Eventually.await(Duration.ofSeconds(60), baseUrl + " ready", () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException notYet) {
                return -1;
            }
        }, status -> status == 200);
    }

    @Test
    void everyWebhookAnswered2xxBeforeSigtermIsInKafkaExactlyOnce() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicProvisioner.provision(new KafkaConfig(bootstrap, 1, 1, 3, stateDir), TopicProvisioner.tallyTopics(List.of()));
        int port = FreePort.pick();
        Process ingest = javaProcess(IngestService.class.getName(), ingestEnv(bootstrap, port));
        String baseUrl = "http://localhost:" + port;
        try {
            awaitReady(baseUrl);
            try (var load = new Load(baseUrl)) {
                Thread.sleep(2_000);
                ingest.destroy();   // SIGTERM, mid-run
                assertTrue(ingest.waitFor(30, TimeUnit.SECONDS), "ingest stopped within 30 s of SIGTERM");
                load.close();
                assertEveryAcceptedIsAppendedOnce(load, appendedCounts(bootstrap, load.prefix()));
            }
        } finally {
            ingest.destroyForcibly();
        }
    }

    @Test
    void everyWebhookAnswered2xxBeforeTheBrokerIsKilledIsInKafkaExactlyOnce() throws Exception {
        int kafkaPort = FreePort.pick();
        int controllerPort = FreePort.pick();
        String bootstrap = "localhost:" + kafkaPort;
        Process broker = javaProcess(EmbeddedKafkaBroker.class.getName(), Map.of(),
                String.valueOf(kafkaPort), String.valueOf(controllerPort), kafkaDir.toString());
        IngestService ingest = null;
        try {
            Eventually.await(Duration.ofSeconds(60), "broker up", () -> {
                try (var socket = new Socket("localhost", kafkaPort)) {
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            }, up -> up);
            var config = IngestConfig.fromEnv(ingestEnv(bootstrap, FreePort.pick()));
            TopicProvisioner.provision(config.kafka(), TopicProvisioner.tallyTopics(List.of()));
            ingest = new IngestService(config, Clock.systemUTC());
            ingest.start();
            try (var load = new Load(ingest.url())) {
                Thread.sleep(2_000);
                broker.destroyForcibly();   // SIGKILL, mid-run: no clean shutdown, no final flush
                broker.waitFor(30, TimeUnit.SECONDS);
                Thread.sleep(3_000);        // webhooks keep coming while Kafka is gone
                broker = javaProcess(EmbeddedKafkaBroker.class.getName(), Map.of(),
                        String.valueOf(kafkaPort), String.valueOf(controllerPort), kafkaDir.toString());
                awaitReady(ingest.url());
                Thread.sleep(1_000);
                load.close();
                assertTrue(load.unavailable.get() > 0, "some webhooks were refused while Kafka was down");
                assertEveryAcceptedIsAppendedOnce(load, appendedCounts(bootstrap, load.prefix()));
            }
        } finally {
            if (ingest != null) {
                ingest.close();
            }
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
