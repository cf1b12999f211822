package com.tally.fulfillment;

import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.TempDirectory;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.platform.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** One fulfillment-stream instance on the shared embedded broker, with a producer and an HTTP client for tests. */
final class RunningFulfillmentStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final FulfillmentConfig config;
    final FulfillmentStreamApp app;
    final KafkaProducer<String, byte[]> producer;
    private final TempDirectory stateDir;

    /** @param environment what the test sets beyond the defaults: at least {@link FulfillmentConfig#URL} */
    RunningFulfillmentStream(Map<String, String> environment) throws Exception {
        stateDir = TempDirectory.create("fulfillment-it");
        var env = new HashMap<>(TestTokens.environment());
        // refunds other tests left on the shared broker are answered at once, never sent to the real Stripe
        env.put(RefundConfig.API_URL, "http://127.0.0.1:9");
        env.put(RefundConfig.API_KEY, "sk_test_fulfillment_it");
        env.put(RefundConfig.MAX_ATTEMPTS, "1");
        env.putAll(environment);
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        env.put(KafkaConfig.PARTITIONS, "3");
        env.put(KafkaConfig.STATE_DIR, stateDir.path().toString());
        env.put(FulfillmentConfig.PORT, String.valueOf(FreePort.pick()));
        config = FulfillmentConfig.fromEnv(env);
        TopicProvisioner.provision(config.kafka(), TopicProvisioner.tallyTopics(FulfillmentStreamApp.DEAD_LETTER_OWNERS));
        producer = new KafkaProducer<>(KafkaDefaults.producer(config.kafka(), "fulfillment-it"));
        app = new FulfillmentStreamApp(config);
        app.start();
        Eventually.await(Duration.ofSeconds(60), "fulfillment-stream ready", () -> get("/ready", null), answer -> answer.statusCode() == 200);
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(path, Access.bearer(TestTokens.OPERATOR));
    }

    /** @param authorization the {@code Authorization} header to send, or null for none */
    HttpResponse<String> get(String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.url() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    @Override
    public void close() {
        producer.close();
        app.close();
        stateDir.close();
    }
}
