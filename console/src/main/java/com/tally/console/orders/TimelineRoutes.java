package com.tally.console.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.Access;
import com.tally.platform.TallyJson;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/orders/{orderId}/timeline}, operators only: asks order-stream, fulfillment-stream
 * and notification-stream for the order (with the caller's own {@code Authorization}, which each
 * checks again) and answers their records as one {@link Timeline}, with what each service said.
 */
public final class TimelineRoutes {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    /** What one service answered: its JSON when 200, else why there is none. */
    private record Answer(JsonNode body, String said) {
    }

    private final ServiceUrls urls;
    private final Access access;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ASK_TIMEOUT).build();

    public TimelineRoutes(ServiceUrls urls, Access access) {
        this.urls = urls;
        this.access = access;
    }

    public void install(JavalinConfig config) {
        config.routes.get("/api/orders/{orderId}/timeline", access.operator(this::timeline));
    }

    private void timeline(Context ctx) {
        String orderId = ctx.pathParam("orderId");
        String path = URLEncoder.encode(orderId, StandardCharsets.UTF_8);
        String authorization = ctx.header("Authorization");
        var order = ask(urls.order() + "/orders/" + path, authorization);
        var fulfillment = ask(urls.fulfillment() + "/fulfillment/" + path, authorization);
        var notifications = ask(urls.notification() + "/notifications/" + path, authorization);
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

    private CompletableFuture<Answer> ask(String url, String authorization) {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(ASK_TIMEOUT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).handle((answer, failure) -> {
            if (failure != null) {
                return new Answer(null, "not reachable at " + url + " (" + failure.getClass().getSimpleName() + "): check it runs");
            }
            if (answer.statusCode() != 200) {
                return new Answer(null, String.valueOf(answer.statusCode()));
            }
            try {
                return new Answer(TallyJson.mapper().readTree(answer.body()), "200");
            } catch (Exception e) {
                return new Answer(null, "200 with a body that is not JSON");
            }
        });
    }

    /** Where the console asks each service. */
    public record ServiceUrls(String order, String fulfillment, String notification) {
    }

}
