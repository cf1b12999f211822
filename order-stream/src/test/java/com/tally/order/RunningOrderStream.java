package com.tally.order;

import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.TallyJson;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One order-stream instance on the shared embedded broker, with a producer and an HTTP client for
 * tests that asks with the operator token of {@link TestTokens} unless told otherwise.
 */
final class RunningOrderStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final OrderConfig config;
    final OrderStreamApp app;
    final KafkaProducer<String, byte[]> producer;
    private final TempDirectory stateDir;
    private final int port;

    RunningOrderStream() throws Exception {
        this(Map.of());
    }

    /** With more environment variables than the test defaults, such as a {@code TALLY_KAFKA_<PROPERTY>} or other tokens. */
    RunningOrderStream(Map<String, String> environment) throws Exception {
        this(environment, TempDirectory.create("order-it"), FreePort.pick());
    }

    private RunningOrderStream(Map<String, String> environment, TempDirectory stateDir, int port) throws Exception {
        this.stateDir = stateDir;
        this.port = port;
        var env = new HashMap<>(TestTokens.environment());
        env.putAll(environment);
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        env.put(KafkaConfig.PARTITIONS, "3");
        env.put(KafkaConfig.STATE_DIR, stateDir.path().toString());
        env.put(OrderConfig.PORT, String.valueOf(port));
        config = OrderConfig.fromEnv(env);
        TopicProvisioner.provision(config.kafka(), TopicProvisioner.tallyTopics(List.of(OrderStreamApp.APPLICATION_ID)));
        producer = new KafkaProducer<>(KafkaDefaults.producer(config.kafka(), "order-it"));
        app = new OrderStreamApp(config);
        app.start();
        Eventually.await(Duration.ofSeconds(60), "order-stream ready", () -> get("/ready"), answer -> answer.statusCode() == 200);
    }

    /** The same instance stopped and started again (its port, its state), with {@code environment} instead of the one it had. */
    RunningOrderStream restart(Map<String, String> environment) throws Exception {
        producer.close();
        app.close();
        return new RunningOrderStream(environment, stateDir, port);
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

    <T> T getJson(String path, Class<T> type) throws Exception {
        var answer = get(path);
        if (answer.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return TallyJson.mapper().readValue(answer.body(), type);
    }

    void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    void sendAll(List<ProducerRecord<String, byte[]>> records) {
        records.forEach(producer::send);
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
        app.close();
        stateDir.close();
    }
}
