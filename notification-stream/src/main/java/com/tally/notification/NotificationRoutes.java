package com.tally.notification;

import com.tally.platform.Access;
import com.tally.platform.KeyedLookup;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * notification-stream's query API, operators only: one order's notifications, from
 * {@link StoreNames#VIEWS}. The caller's {@code Authorization} goes with a query forwarded to the
 * instance owning the order, which checks it again.
 */
final class NotificationRoutes {

    private final KeyedLookup<OrderNotifications> views;
    private final Access access;

    /** @param views a lookup of {@link StoreNames#VIEWS} asking the owner at {@link #ownerPath} */
    NotificationRoutes(KeyedLookup<OrderNotifications> views, Access access) {
        this.views = views;
        this.access = access;
    }

    /** Where an instance asks the owner of {@code orderId} for its view, answered from the owner's own store. */
    static String ownerPath(String orderId) {
        return "/notifications/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8) + "?local=true";
    }

    void install(JavalinConfig config) {
        config.routes.get("/notifications/{orderId}", access.operator(this::getNotifications));
    }

    private void getNotifications(Context ctx) {
        String orderId = ctx.pathParam("orderId");
        views.answer(ctx, orderId, (answer, found) -> {
            if (found.value() != null) {
                answer.json(found.value());
                return;
            }
            answer.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no notification is known for order " + orderId
                    + ": an e-mail is requested when the order is paid, its payment fails, it ships, is delivered, is refunded"
                    + " or needs review. Check the order's status with GET /orders/" + orderId + " on order-stream"));
        });
    }
}
