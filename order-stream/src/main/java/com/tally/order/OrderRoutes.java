package com.tally.order;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/** order-stream's query API. */
final class OrderRoutes {

    private final OrderQueries queries;

    OrderRoutes(OrderQueries queries) {
        this.queries = queries;
    }

    void install(JavalinConfig config) {
        config.routes.get("/orders/{orderId}", this::getOrder);
    }

    private void getOrder(Context ctx) {
        String orderId = ctx.pathParam("orderId");
        boolean localOnly = "true".equals(ctx.queryParam("local"));
        OrderQueries.Lookup lookup = queries.find(orderId, localOnly);
        if (lookup instanceof OrderQueries.Lookup.Found found) {
            OrderQueries.placed(found.order()).ifPresentOrElse(
                    order -> ctx.json(OrderView.of(order)),
                    () -> ctx.status(HttpStatus.NOT_FOUND).json(notFound(orderId, found)));
        } else if (lookup instanceof OrderQueries.Lookup.Forwarded forwarded) {
            ctx.status(forwarded.status()).contentType("application/json").result(forwarded.body());
        } else if (lookup instanceof OrderQueries.Lookup.Unavailable unavailable) {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "2").json(Map.of("error", unavailable.detail()));
        }
    }

    private static Map<String, Object> notFound(String orderId, OrderQueries.Lookup.Found found) {
        int held = found.order() == null ? 0 : found.order().getHeldPayments().size();
        String detail = held == 0
                ? "no order " + orderId + " has been placed: check the ID, or place it with POST /orders on ingest-service"
                : "no order " + orderId + " has been placed yet; " + held + " payment event(s) for it are held until it is";
        return Map.of("error", detail, "orderId", orderId, "heldPayments", held);
    }
}
