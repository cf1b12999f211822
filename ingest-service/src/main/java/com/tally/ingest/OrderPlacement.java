package com.tally.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.tally.platform.TallyJson;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.OrderItem;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.Topics;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /orders}: validates the order and appends {@code OrderPlaced} keyed by order ID,
 * answering 202 only after Kafka acknowledged. Placing the same order twice is harmless:
 * order-stream keeps the first placement.
 */
final class OrderPlacement {

    private final Appender appender;
    private final AnswerOnAck answers;
    private final Clock clock;
    private final AvroSerde<OrderPlaced> serde = AvroSerde.of(OrderPlaced.class);

    OrderPlacement(Appender appender, AnswerOnAck answers, Clock clock) {
        this.appender = appender;
        this.answers = answers;
        this.clock = clock;
    }

    void place(Context ctx) {
        // read outside the parse: a body that stalls or is abandoned is Javalin's to answer (408, or nothing), not a 400
        byte[] body = ctx.bodyAsBytes();
        PlaceOrderRequest request;
        try {
            request = TallyJson.mapper().readValue(body, PlaceOrderRequest.class);
        } catch (JacksonException e) {
            String error = TallyJson.limitBroken(e).map(limit -> "the body " + limit + ": send a plain order")
                    .orElseGet(() -> "the body is not a JSON order: " + e.getOriginalMessage());
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", error,
                    "expected", "{\"orderId\",\"customerEmail\",\"amount\" (minor units),\"currency\",\"items\":[{\"sku\",\"quantity\"}]}"));
            return;
        } catch (IOException e) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "cannot read the body: " + e.getMessage()));
            return;
        }
        List<String> problems = request == null ? List.of("the body is empty") : request.problems();
        if (!problems.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "the order is not valid: fix these and send it again", "problems", problems));
            return;
        }
        var placed = OrderPlaced.newBuilder()
                .setEventId(EventIds.fresh())
                .setOrderId(request.orderId())
                .setCustomerEmail(request.customerEmail())
                .setAmountMinor(request.amount())
                .setCurrency(request.currency())
                .setItems(request.items().stream().map(i -> new OrderItem(i.sku(), i.quantity())).toList())
                .setIdempotencyKey(ctx.header("Idempotency-Key"))
                .setPlacedAt(clock.instant())
                .build();
        answers.afterAck(ctx, appender.append(Topics.ORDERS_PLACED, placed.getOrderId(), serde.encode(placed)),
                HttpStatus.ACCEPTED, Map.of("orderId", placed.getOrderId(), "eventId", placed.getEventId(), "status", "accepted"));
    }
}
