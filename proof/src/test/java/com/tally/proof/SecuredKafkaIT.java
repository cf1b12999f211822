package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.IngestService;
import com.tally.order.Compensation;
import com.tally.order.OrderConfig;
import com.tally.order.OrderRebuild;
import com.tally.order.OrderStreamApp;
import com.tally.order.OrderView;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaAuthenticationFailure;
import com.tally.platform.KafkaConfig;
import com.tally.platform.ServiceLauncher;
import com.tally.platform.TallyJson;
import com.tally.platform.TallyService;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.broker.EmbeddedKafkaBroker;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.proof.stack.ChildProcess;
import com.tally.proof.stack.StackEnvironment;
import com.tally.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tally on a Kafka that asks for TLS and a SCRAM login, as a managed cluster does: a broker of
 * its own (not the shared one) whose client port is SASL_SSL with SCRAM-SHA-512, its certificate
 * signed by a CA made in the test. Every client Tally creates reaches it through the client
 * settings alone, given as variables or as a properties file; a wrong password ends the start in
 * one line that names the setting to fix.
 */
class SecuredKafkaIT {

    private static final String USER = "tally";
    private static final String PASSWORD = "scram-password-of-tally";
    private static final String SHOP_TOKEN = "shop-token-secured-kafka-it";
    private static final String OPERATOR_TOKEN = "operator-token-secured-kafka-it";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path temp;
    private static TestCertificates certificates;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        certificates = TestCertificates.create(temp.resolve("tls"), "store-password-of-the-test");
        broker = EmbeddedKafkaBroker.builder()
                .port(0)
                .dataDir(temp.resolve("kafka"))
                .saslSsl(certificates.brokerKeystore(), certificates.password())
                .scramUser(USER, PASSWORD)
                .build()
                .start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** What an operator sets for a SASL_SSL + SCRAM-SHA-512 cluster (docs/CONFIGURATION.md), with {@code password}. */
    private static Map<String, String> saslSslVariables(String password) {
        return Map.of(
                "TALLY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "TALLY_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "TALLY_KAFKA_SASL_JAAS_CONFIG", jaas(password),
                "TALLY_KAFKA_SSL_TRUSTSTORE_LOCATION", certificates.truststore().toString(),
                "TALLY_KAFKA_SSL_TRUSTSTORE_PASSWORD", certificates.password());
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\"" + password + "\";";
    }

    /** A stack's environment on the secured broker: nothing about Kafka's security but {@code clientSettings}. */
    private static Map<String, String> environment(Map<String, String> clientSettings, String run) {
        var callers = new HashMap<>(clientSettings);
        callers.put(KafkaConfig.PARTITIONS, "2");
        callers.put(IngestConfig.PORT, String.valueOf(FreePort.pick()));
        callers.put(OrderConfig.PORT, String.valueOf(FreePort.pick()));
        // tokens on POST /orders and the queries (issue 17, part 1): each token at least 16 characters
        callers.put("TALLY_SHOP_TOKENS", SHOP_TOKEN);
        callers.put("TALLY_OPERATOR_TOKENS", OPERATOR_TOKEN);
        return StackEnvironment.of(callers, broker.bootstrapServers(), temp.resolve("state-" + run));
    }

    @Test
    void thePaymentPathRunsOnSaslSslWithEveryClientConfiguredByVariables() throws Exception {
        var env = environment(saslSslVariables(PASSWORD), "variables");

        payOneOrder(env, "o-sasl-variables");

        var kafka = KafkaConfig.fromEnv(env);
        assertTrue(CommittedLog.of(kafka, Topics.ORDER_EVENTS).stream().anyMatch(r -> r.key().equals("o-sasl-variables")),
                "the verifier's reader reads the order's events over SASL_SSL");
        var rebuilt = new OrderRebuild(OrderConfig.fromEnv(env).kafka(), Duration.ofHours(1), Compensation.DEFAULTS, System.out::println).run(Duration.ofMinutes(2));
        assertEquals("PAID", rebuilt.get("o-sasl-variables").getStatus().toString(), "the rebuild's admin and stream app log in too");
    }

    @Test
    void aClientPropertiesFileConfiguresTheSamePaymentPath() throws Exception {
        var file = temp.resolve("client.properties");
        Files.writeString(file, String.join("\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=" + jaas(PASSWORD).replace("\\", "\\\\"),
                "ssl.truststore.location=" + certificates.truststore().toString().replace("\\", "\\\\"),
                "ssl.truststore.password=" + certificates.password(), ""));

        payOneOrder(environment(Map.of(KafkaConfig.CONFIG_FILE, file.toString()), "file"), "o-sasl-file");
    }

    @Test
    void aWrongPasswordStopsTheStartWithOneLineNamingTheJaasConfig() throws Exception {
        var env = environment(saslSslVariables("not-the-password"), "wrong");
        var ingest = IngestConfig.fromEnv(env);

        var provisioning = assertThrows(KafkaAuthenticationFailure.class,
                () -> TopicProvisioner.provision(ingest.kafka(), TopicProvisioner.tallyTopics(List.of())));
        var starting = assertThrows(KafkaAuthenticationFailure.class,
                () -> ServiceLauncher.startAll(List.of(new IngestService(ingest, Clock.systemUTC()))));

        assertTrue(provisioning.getMessage().startsWith("Kafka refused Tally's credentials while creating topics on "
                + broker.bootstrapServers() + " ("), provisioning.getMessage());
        assertTrue(provisioning.getMessage().contains("check the user name and password in TALLY_KAFKA_SASL_JAAS_CONFIG"),
                provisioning.getMessage());
        assertTrue(starting.getMessage().startsWith("Kafka refused Tally's credentials while starting ingest-service ("), starting.getMessage());
        assertTrue(starting.getMessage().contains("TALLY_KAFKA_SASL_JAAS_CONFIG"), starting.getMessage());
    }

    @Test
    void aServiceStartedWithAWrongPasswordPrintsTheLineAndNoStackTrace() throws Exception {
        var service = new ChildProcess("ingest-wrong-password", IngestService.class.getName(),
                environment(saslSslVariables("not-the-password"), "wrong-process"), List.of(), temp).start();

        Eventually.await(Duration.ofSeconds(60), "ingest-service to exit", () -> service.alive(), alive -> !alive);

        List<String> output = Files.readAllLines(service.log());
        assertTrue(output.stream().anyMatch(line -> line.equals("Exception in thread \"main\" " + KafkaAuthenticationFailure.class.getName()
                + ": Kafka refused Tally's credentials while creating topics on " + broker.bootstrapServers()
                + " (Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512): check the"
                + " user name and password in TALLY_KAFKA_SASL_JAAS_CONFIG and the mechanism in TALLY_KAFKA_SASL_MECHANISM (or those"
                + " properties in the file TALLY_KAFKA_CONFIG_FILE names; a variable wins over the file)")), String.join("\n", output));
        assertTrue(output.stream().noneMatch(line -> line.startsWith("\tat ")), String.join("\n", output));
    }

    @Test
    void aTruststoreWithoutTheClustersCaFailsTheHandshakeNamingTheTruststore() {
        var settings = new HashMap<>(saslSslVariables(PASSWORD));
        // the JDK's public CAs: none of them signed this broker's certificate
        settings.put("TALLY_KAFKA_SSL_TRUSTSTORE_LOCATION", Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toString());
        settings.put("TALLY_KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit");
        var kafka = KafkaConfig.fromEnv(environment(settings, "untrusted"));

        var failure = assertThrows(KafkaAuthenticationFailure.class,
                () -> TopicProvisioner.provision(kafka, TopicProvisioner.tallyTopics(List.of())));

        assertTrue(failure.getMessage().startsWith("the TLS handshake with Kafka failed while creating topics on "
                + broker.bootstrapServers() + " (SSL handshake failed"), failure.getMessage());
        assertTrue(failure.getMessage().contains("check TALLY_KAFKA_SSL_TRUSTSTORE_LOCATION and TALLY_KAFKA_SSL_TRUSTSTORE_PASSWORD"),
                failure.getMessage());
    }

    /**
     * Topics, ingest-service and order-stream on the secured broker configured by {@code env}; an
     * order placed, paid by a signed webhook, and queried PAID.
     */
    private static void payOneOrder(Map<String, String> env, String orderId) throws Exception {
        var ingest = IngestConfig.fromEnv(env);
        var order = OrderConfig.fromEnv(env);
        TopicProvisioner.provision(ingest.kafka(), TopicProvisioner.tallyTopics(List.of(OrderStreamApp.APPLICATION_ID)));
        List<TallyService> services = ServiceLauncher.startAll(List.of(new OrderStreamApp(order), new IngestService(ingest, Clock.systemUTC())));
        try {
            String ingestUrl = services.get(1).url();
            String orderUrl = services.get(0).url();
            Eventually.await(Duration.ofSeconds(60), "order-stream ready", () -> get(orderUrl + "/ready"), a -> a.statusCode() == 200);

            var placed = HTTP.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/orders"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", orderId)
                    .header("Authorization", "Bearer " + SHOP_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + orderId + "\",\"customerEmail\":\"ada@example.com\","
                            + "\"amount\":4990,\"currency\":\"EUR\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, placed.statusCode(), placed.body());
            assertEquals(200, new Shop(ingestUrl).deliver(Shop.paymentSucceeded(orderId, 4990)).join());

            var paid = Eventually.await(Duration.ofSeconds(60), orderId + " PAID", () -> get(orderUrl + "/orders/" + orderId),
                    a -> a.statusCode() == 200 && a.body().contains("\"status\":\"PAID\""));
            OrderView view = TallyJson.mapper().readValue(paid.body(), OrderView.class);
            assertEquals(1, view.payments().size(), paid.body());
        } finally {
            ServiceLauncher.closeInReverse(services);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + OPERATOR_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
