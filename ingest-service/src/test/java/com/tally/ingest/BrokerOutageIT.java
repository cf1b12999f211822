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
import com.tally.platform.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka goes away and comes back: ingest never answers 2xx for what Kafka did not acknowledge. */
class BrokerOutageIT {

    private static final String SECRET = "whsec_outage_it";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path kafkaDir;
    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private String baseUrl;
    private int sent;

    private HttpResponse<String> postSignedWebhook() throws Exception {
        return postSignedWebhookAsync().get();
    }

    private CompletableFuture<HttpResponse<String>> postSignedWebhookAsync() {
        int n = ++sent;
        long now = Instant.now().getEpochSecond();
        byte[] body = ("{\"id\":\"evt_outage_" + n + "\",\"type\":\"payment_intent.succeeded\",\"created\":" + now
                + ",\"data\":{\"object\":{\"id\":\"pi_outage_" + n + "\",\"amount\":100,\"currency\":\"eur\",\"metadata\":{\"order_id\":\"o-" + n + "\"}}}}")
                .getBytes(StandardCharsets.UTF_8);
        return http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeSignature.sign(SECRET, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Records the producer holds, as ingest's /metrics reports them. */
    private double inFlight() throws Exception {
        var gauge = MetricsScrape.samples(http, baseUrl, "tally_ingest_appends_in_flight", Map.of());
        assertEquals(1, gauge.size(), "one in-flight gauge: " + gauge);
        return gauge.get(0);
    }

    @Test
    void webhooksAre503WithinTheAckTimeoutWhileKafkaIsDownAnd200AgainOnceItIsBack() throws Exception {
        var broker = EmbeddedKafkaBroker.builder().port(0).dataDir(kafkaDir).build().start();
        var config = IngestConfig.fromEnv(Map.of(
                KafkaConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                KafkaConfig.PARTITIONS, "1",
                KafkaConfig.STATE_DIR, stateDir.toString(),
                IngestConfig.PORT, String.valueOf(FreePort.pick()),
                IngestConfig.PROVIDERS, "stripe",
                IngestConfig.STRIPE_WEBHOOK_SECRET, SECRET,
                IngestConfig.ACK_TIMEOUT, "PT2S",
                IngestConfig.MAX_IN_FLIGHT, "2",
                Access.SHOP_TOKENS, TestTokens.SHOP,
                Access.OPERATOR_TOKENS, TestTokens.OPERATOR));
        TopicProvisioner.provision(config.kafka(), TopicProvisioner.tallyTopics(List.of()));
        var service = new IngestService(config, Clock.systemUTC());
        service.start();
        baseUrl = service.url();
        try {
            assertEquals(200, postSignedWebhook().statusCode());

            broker.close();

            long started = System.nanoTime();
            var whileDown = postSignedWebhook();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(503, whileDown.statusCode(), whileDown.body());
            assertTrue(whileDown.headers().firstValue("Retry-After").isPresent());
            assertTrue(tookMs < ACK_TIMEOUT.toMillis() + 1_500, "answered in " + tookMs + " ms, not long after the ack timeout");
            // a record the producer took stays its own until the delivery timeout, a second after the answer, and counts
            // against the bound until then (whether it took it depends on whether the partition's metadata was still cached)
            Eventually.await(ACK_TIMEOUT, "the producer giving up on the timed-out record", this::inFlight, held -> held == 0.0);

            // two appends wait for an ack that will not come; the bound is 2, so a third is refused at once
            var first = postSignedWebhookAsync();
            var second = postSignedWebhookAsync();
            // both must hold their permit before the third is sent; a fixed pause would race on a busy machine
            Eventually.await(ACK_TIMEOUT, "two appends waiting for Kafka", this::inFlight, held -> held == 2.0);
            long thirdStarted = System.nanoTime();
            var third = postSignedWebhook();
            long thirdMs = (System.nanoTime() - thirdStarted) / 1_000_000;
            assertEquals(503, third.statusCode());
            assertTrue(third.body().contains("already waiting"), third.body());
            assertTrue(thirdMs < 1_000, "refused at once, not queued: " + thirdMs + " ms");
            assertEquals(503, first.get().statusCode());
            assertEquals(503, second.get().statusCode());

            broker.start();

            var back = Eventually.await(Duration.ofSeconds(60), "a 200 once Kafka is back", this::postSignedWebhook,
                    answer -> answer.statusCode() != 503);
            assertEquals(200, back.statusCode(), back.body());
        } finally {
            service.close();
            broker.close();
        }
    }
}
