package com.tally.console.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.Access;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * The console's order queries, operators only, asked of the services themselves with the caller's
 * own {@code Authorization} ({@link ServiceQueries}): {@code GET /api/orders/{orderId}/timeline}
 * answers order-stream's, fulfillment-stream's and notification-stream's records of the order as
 * one {@link Timeline}, with what each service said; {@code GET /api/orders/stuck} order-stream's
 * stuck orders and how long the oldest has waited.
 */
public final class OrderRoutes {

    private final ServiceUrls urls;
    private final Access access;
    private final Clock clock;
    private final ServiceQueries queries = new ServiceQueries();

    public OrderRoutes(ServiceUrls urls, Access access, Clock clock) {
        this.urls = urls;
        this.access = access;
        this.clock = clock;
    }

    public void install(JavalinConfig config) {
        config.routes.get("/api/orders/stuck", access.operator(this::stuck));
        config.routes.get("/api/orders/{orderId}/timeline", access.operator(this::timeline));
    }

    private void timeline(Context ctx) {
        String orderId = ctx.pathParam("orderId");
        String path = URLEncoder.encode(orderId, StandardCharsets.UTF_8);
        String authorization = ctx.header("Authorization");
        var order = queries.ask(urls.order() + "/orders/" + path, authorization);
        var fulfillment = queries.ask(urls.fulfillment() + "/fulfillment/" + path, authorization);
        var notifications = queries.ask(urls.notification() + "/notifications/" + path, authorization);
        ctx.future(() -> CompletableFuture.allOf(order, fulfillment, notifications).thenAccept(done -> {
            var sources = new LinkedHashMap<String, String>();
            sources.put("order-stream", order.join().said());
            sources.put("fulfillment-stream", fulfillment.join().said());
            sources.put("notification-stream", notifications.join().said());
            var body = new LinkedHashMap<String, Object>();
            body.put("orderId", orderId);
            if (order.join().body() == null && "404".equals(order.join().said())) {
                ctx.status(HttpStatus.NOT_FOUND);
                body.put("error", "order-stream knows no order " + orderId + ": check the ID, or whether the shop placed it (POST /orders)");
            } else {
                body.put("status", order.join().body() == null ? null : order.join().body().path("status").asText(null));
                body.put("entries", Timeline.of(order.join().body(), fulfillment.join().body(), notifications.join().body()));
            }
            body.put("sources", sources);
            ctx.json(body);
        }));
    }

    /**
     * The stuck orders as order-stream lists them (paid, and not accepted by the warehouse in time, the
     * longest waiting first), with how long the first has waited since it was paid.
     */
    private void stuck(Context ctx) {
        var listed = queries.ask(urls.order() + "/orders?stuck=true&limit=100", ctx.header("Authorization"));
        ctx.future(() -> listed.thenAccept(answer -> {
            var body = new LinkedHashMap<String, Object>();
            if (answer.body() == null) {
                ctx.status(HttpStatus.BAD_GATEWAY);
                body.put("error", "order-stream did not list the stuck orders: it answered " + answer.said());
            } else {
                JsonNode orders = answer.body().path("orders");
                String oldest = orders.isEmpty() ? null : orders.get(0).path("paidSince").asText(null);
                body.put("orders", orders);
                body.put("truncated", answer.body().path("truncated").asBoolean());
                body.put("oldestPaidSince", oldest);
                body.put("oldestWaitingSeconds", oldest == null ? 0 : Duration.between(Instant.parse(oldest), clock.instant()).toSeconds());
            }
            ctx.json(body);
        }));
    }

    /** Where the console asks each service. */
    public record ServiceUrls(String order, String fulfillment, String notification) {
    }

}
