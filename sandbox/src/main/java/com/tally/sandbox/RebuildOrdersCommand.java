package com.tally.sandbox;

import com.tally.order.OrderConfig;
import com.tally.order.OrderRebuild;
import com.tally.order.OrderView;
import com.tally.platform.Access;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TallyJson;
import com.tally.schemas.OrderState;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandbox rebuild-orders}: the order state rebuilt from the topics, compared with what order-stream serves. */
@Command(name = "rebuild-orders", mixinStandardHelpOptions = true,
        description = {"Rebuild every order's state from the Kafka topics (new state from the log), without publishing anything,",
                "and compare each order with the one order-stream serves. Exits 1 when any order differs.",
                "Queries with TALLY_OPERATOR_TOKEN, else the operator token in .tally/sandbox/tokens.env."})
final class RebuildOrdersCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--order-url", defaultValue = "http://localhost:8081", description = "order-stream's base URL (default: ${DEFAULT-VALUE}).")
    String orderUrl;

    @Option(names = "--out", description = "Also write every rebuilt order as JSON lines to this file.")
    Path out;

    @Option(names = "--timeout", defaultValue = "PT10M", description = "How long the rebuild may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        String operatorToken = SandboxTokens.operatorToken(System.getenv());
        var env = new HashMap<>(System.getenv());
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        // order-stream's settings demand the tokens it would serve with; the rebuild serves nothing, and knows one
        env.putIfAbsent(Access.OPERATOR_TOKENS, operatorToken);
        OrderConfig config = OrderConfig.fromEnv(env);
        Map<String, OrderState> rebuilt = new OrderRebuild(config.kafka(), config.unmatchedPaymentTimeout(), config.compensation(), System.out::println)
                .run(timeout);
        var placed = new TreeMap<String, OrderView>();
        rebuilt.values().stream().filter(o -> o.getStatus() != null).forEach(o -> placed.put(o.getOrderId(), OrderView.of(o, false)));
        if (out != null) {
            write(placed, out);
        }
        List<String> differences = compare(placed, operatorToken);
        System.out.printf("rebuilt %d orders (%d with payments held for orders never placed); %d equal to order-stream's, %d differ%n",
                placed.size(), rebuilt.size() - placed.size(), placed.size() - differences.size(), differences.size());
        differences.stream().limit(20).forEach(d -> System.out.println("  " + d));
        return differences.isEmpty() ? 0 : 1;
    }

    private List<String> compare(Map<String, OrderView> placed, String operatorToken) throws Exception {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var differences = new ArrayList<String>();
        for (OrderView order : placed.values()) {
            URI uri = URI.create(orderUrl + "/orders/" + URLEncoder.encode(order.orderId(), StandardCharsets.UTF_8));
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).header("Authorization", Access.bearer(operatorToken)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                differences.add(order.orderId() + ": order-stream answered " + answer.statusCode() + " " + answer.body());
                continue;
            }
            OrderView live = TallyJson.mapper().readValue(answer.body(), OrderView.class);
            if (!live.equals(order)) {
                differences.add(order.orderId() + ": live " + live.status() + " with " + live.history().size()
                        + " history entries, rebuilt " + order.status() + " with " + order.history().size());
            }
        }
        return differences;
    }

    private static void write(Map<String, OrderView> orders, Path file) throws Exception {
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (OrderView order : orders.values()) {
                writer.write(TallyJson.mapper().writeValueAsString(order));
                writer.newLine();
            }
        }
        System.out.println("wrote " + orders.size() + " rebuilt orders to " + file);
    }
}
