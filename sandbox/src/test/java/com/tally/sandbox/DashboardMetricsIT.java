package com.tally.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.console.ConsoleConfig;
import com.tally.fulfillment.FulfillmentConfig;
import com.tally.fulfillment.RefundConfig;
import com.tally.ingest.IngestConfig;
import com.tally.ingest.stripe.StripeSignature;
import com.tally.notification.NotificationConfig;
import com.tally.notification.SmtpSettings;
import com.tally.order.OrderConfig;
import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.ServiceLauncher;
import com.tally.platform.TallyJson;
import com.tally.platform.TallyService;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.proof.mail.MailServer;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.sim.StripeEventFactory;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.warehouse.WarehouseMode;
import com.tally.proof.warehouse.WarehouseSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker is not here to run docker-compose's Grafana, so this checks what would break it silently:
 * every metric a panel of deploy/grafana/dashboards/tally.json queries is served by some service's
 * {@code /metrics} in the sandbox, once the sandbox has done what the panels show (orders paid,
 * shipped and refunded, e-mails sent and one refused, a webhook with a bad signature).
 */
class DashboardMetricsIT {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path DASHBOARD = DEPLOY.resolve("grafana/dashboards/tally.json");
    /** PromQL words that are not metric names: aggregations, functions (followed by a parenthesis, see {@link #metricsIn}) and keywords. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "offset",
            "bool", "and", "or", "unless");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final String UNSTOCKED_SKU = "SKU-404";
    private static final String REFUSED_ADDRESS = "refused@example.com";

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final List<TallyService> services = new ArrayList<>();
    private static final Map<String, String> metricsUrls = new LinkedHashMap<>();
    private static MailServer mail;
    private static ProcessorSimulator processor;
    private static String ingestUrl;
    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startSandboxServices() throws Exception {
        mail = new MailServer(0, 0);
        mail.start();
        var callers = new HashMap<String, String>();
        callers.put(KafkaConfig.PARTITIONS, "3");
        callers.put(IngestConfig.PORT, String.valueOf(FreePort.pick()));
        callers.put(OrderConfig.PORT, String.valueOf(FreePort.pick()));
        callers.put(FulfillmentConfig.PORT, String.valueOf(FreePort.pick()));
        callers.put(NotificationConfig.PORT_VARIABLE, String.valueOf(FreePort.pick()));
        callers.put(ConsoleConfig.PORT_VARIABLE, String.valueOf(FreePort.pick()));
        callers.put(ConsoleConfig.LAG_INTERVAL, "PT1S");
        callers.put(SmtpSettings.PORT, String.valueOf(mail.smtpPort()));
        int warehousePort = FreePort.pick();
        callers.put(FulfillmentConfig.URL, WarehouseSimulator.shipmentsUrl(warehousePort));
        int processorPort = FreePort.pick();
        callers.put(RefundConfig.API_URL, ProcessorSimulator.apiUrl(processorPort));
        Map<String, String> env = StackEnvironment.of(callers, SharedKafka.bootstrapServers(), stateDir);
        var warehouse = Sandbox.warehouse(env, warehousePort, Duration.ofMillis(300), Duration.ofMillis(300));
        processor = Sandbox.processor(env, processorPort, Duration.ofMillis(300));
        var all = new ArrayList<TallyService>(Sandbox.services(env, Clock.systemUTC()));
        all.add(warehouse);
        all.add(processor);
        services.addAll(ServiceLauncher.startAll(all));
        warehouse.mode(WarehouseMode.reject(UNSTOCKED_SKU));
        mail.refuse(REFUSED_ADDRESS);
        ingestUrl = "http://localhost:" + env.get(IngestConfig.PORT);
        for (String port : List.of(IngestConfig.PORT, OrderConfig.PORT, FulfillmentConfig.PORT, NotificationConfig.PORT_VARIABLE,
                ConsoleConfig.PORT_VARIABLE)) {
            metricsUrls.put(port, "http://localhost:" + env.get(port) + "/metrics");
        }
    }

    @AfterAll
    static void stopServices() {
        ServiceLauncher.closeInReverse(services);
        if (mail != null) {
            mail.close();
        }
    }

    @Test
    void everyMetricTheDashboardQueriesIsServedBySomeService() throws Exception {
        Map<String, Set<String>> queried = queriedMetrics(TallyJson.mapper().readTree(DASHBOARD.toFile()));
        assertEquals(11, queried.size(), "panels: " + queried.keySet());

        // what the panels show: a shipped order, a refunded one, an e-mail the server refuses, a forged webhook
        payOrder("o-dash-1", "ada@example.com", "SKU-1", 4990);
        payOrder("o-dash-2", "ada@example.com", UNSTOCKED_SKU, 1500);
        payOrder("o-dash-3", REFUSED_ADDRESS, "SKU-1", 700);
        Instant now = Instant.now();
        byte[] forgedEvent = StripeEventFactory.paymentIntentEvent("evt_dash_forged", "payment_intent.succeeded", "pi_dash_forged",
                "o-dash-1", 4990, "EUR", now);
        var forged = post("/webhooks/stripe", forgedEvent,
                Map.of("Stripe-Signature", StripeSignature.sign("whsec_not_the_shops_secret", now.getEpochSecond(), forgedEvent)));
        assertEquals(401, forged.statusCode(), forged.body());

        var wanted = new TreeSet<String>();
        queried.values().forEach(wanted::addAll);
        Set<String> missing = Eventually.await(Duration.ofSeconds(45), "every metric the dashboard queries on some /metrics",
                () -> missing(wanted), Set::isEmpty);
        assertEquals(Set.of(), missing);
    }

    @Test
    void theDashboardUsesTheProvisionedPrometheusAndComposeMountsBoth() throws Exception {
        JsonNode dashboard = TallyJson.mapper().readTree(DASHBOARD.toFile());
        String datasource = Files.readString(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml"));
        assertTrue(datasource.contains("uid: prometheus") && datasource.contains("url: http://prometheus:9090"), datasource);
        for (JsonNode panel : dashboard.get("panels")) {
            assertEquals("prometheus", panel.get("datasource").get("uid").asText(), panel.get("title").asText());
            panel.get("targets").forEach(target -> assertEquals("prometheus", target.get("datasource").get("uid").asText()));
        }
        String provider = Files.readString(DEPLOY.resolve("grafana/provisioning/dashboards/tally.yml"));
        assertTrue(provider.contains("path: /var/lib/grafana/dashboards"), provider);
        String compose = Files.readString(DEPLOY.resolveSibling("docker-compose.yml"));
        assertTrue(compose.contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro"), "grafana mounts the provisioning");
        assertTrue(compose.contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro"), "grafana mounts the dashboards");
    }

    @Test
    void metricNamesAreReadFromPromQlWithoutFunctionsLabelsRangesOrGrouping() {
        assertEquals(Set.of("a_seconds_sum", "a_seconds_count"), metricsIn(
                "sum(rate(a_seconds_sum{kind=\"x\", y=~\"a|b\"}[5m])) / sum by (outcome, kind) (rate(a_seconds_count[$__rate_interval])) * 1000"));
        assertEquals(Set.of("m"), metricsIn("max without (instance) (histogram_quantile(0.99, m{le!=\"by(x)\"})) > bool 0.5"));
    }

    /** Per panel title, the metric names its queries read. */
    private static Map<String, Set<String>> queriedMetrics(JsonNode dashboard) {
        var byPanel = new TreeMap<String, Set<String>>();
        for (JsonNode panel : dashboard.get("panels")) {
            var names = new TreeSet<String>();
            panel.get("targets").forEach(target -> names.addAll(metricsIn(target.get("expr").asText())));
            assertTrue(!names.isEmpty(), "panel " + panel.get("title") + " queries no metric");
            byPanel.put(panel.get("title").asText(), names);
        }
        return byPanel;
    }

    static Set<String> metricsIn(String promQl) {
        String bare = promQl.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")   // strings first: they may hold anything
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        var names = new TreeSet<String>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String word = identifier.group();
            boolean function = bare.substring(identifier.end()).stripLeading().startsWith("(");
            boolean number = identifier.start() > 0 && Character.isDigit(bare.charAt(identifier.start() - 1));
            if (!function && !number && !KEYWORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }

    private static Set<String> missing(Set<String> wanted) throws Exception {
        var served = new TreeSet<String>();
        for (String url : metricsUrls.values()) {
            var answer = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", Access.bearer(StackEnvironment.DEFAULT_OPERATOR_TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), url);
            answer.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .forEach(line -> served.add(line.split("[{ ]", 2)[0]));
        }
        var missing = new TreeSet<>(wanted);
        missing.removeAll(served);
        return missing;
    }

    private static void payOrder(String orderId, String email, String sku, long amount) throws Exception {
        var placed = post("/orders", ("{\"orderId\":\"" + orderId + "\",\"customerEmail\":\"" + email + "\",\"amount\":" + amount
                + ",\"currency\":\"EUR\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]}").getBytes(),
                Map.of("Idempotency-Key", orderId, "Authorization", Access.bearer(StackEnvironment.DEFAULT_SHOP_TOKEN)));
        assertEquals(202, placed.statusCode(), placed.body());
        String paymentIntent = "pi_" + orderId.replace('-', '_');
        processor.charge(paymentIntent, orderId, amount, "EUR");
        Instant now = Instant.now();
        byte[] event = StripeEventFactory.paymentIntentEvent("evt_" + orderId, "payment_intent.succeeded", paymentIntent, orderId, amount,
                "EUR", now);
        var paid = post("/webhooks/stripe", event,
                Map.of("Stripe-Signature", StripeSignature.sign(StackEnvironment.DEFAULT_STRIPE_SECRET, now.getEpochSecond(), event)));
        assertEquals(200, paid.statusCode(), paid.body());
    }

    private static HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(ingestUrl + path)).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
