package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.TallyJson;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderItem;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The saga on a real broker: a paid order's request, committed once, and its state at GET /fulfillment/{orderId}. */
class FulfillmentStreamIT {

    private static byte[] paid(String orderId) {
        return AvroSerde.of(OrderEvent.class).encode(OrderEvent.newBuilder()
                .setEventId("paid-" + orderId)
                .setCauseEventId("charge-" + orderId)
                .setOrderId(orderId)
                .setFrom(OrderStatus.PENDING)
                .setTo(OrderStatus.PAID)
                .setCause("payment-succeeded")
                .setAt(Instant.now())
                .setItems(List.of(new OrderItem("SKU-1", 1)))
                .build());
    }

    private static List<FulfillmentRequested> committedRequests(String orderId) {
        var serde = AvroSerde.of(FulfillmentRequested.class);
        return CommittedLog.of(SharedKafka.bootstrapServers(), Topics.FULFILLMENT_REQUESTS).stream()
                .filter(r -> orderId.equals(r.key())).map(r -> serde.decode(r.value())).toList();
    }

    @Test
    void aPaidOrderGetsOneCommittedRequestAndItsSagaIsQueryableByOperatorsOnly() throws Exception {
        String orderId = "o-ful-" + UUID.randomUUID();
        // nothing listens there: every attempt fails for now, and the saga keeps the request open
        try (var fulfillment = new RunningFulfillmentStream(Map.of(FulfillmentConfig.URL, "http://127.0.0.1:9/shipments"))) {
            fulfillment.send(Topics.ORDER_EVENTS, orderId, paid(orderId));
            fulfillment.send(Topics.ORDER_EVENTS, orderId, paid(orderId));

            var answer = Eventually.await(Duration.ofSeconds(30), "the saga of " + orderId,
                    () -> fulfillment.get("/fulfillment/" + orderId), a -> a.statusCode() == 200);
            SagaView saga = TallyJson.mapper().readValue(answer.body(), SagaView.class);
            assertEquals(FulfillmentIds.requestId(orderId), saga.requestId());
            assertEquals(1, saga.attempts().size());

            List<FulfillmentRequested> requests = Eventually.await(Duration.ofSeconds(30), "the request committed",
                    () -> committedRequests(orderId), found -> !found.isEmpty());
            assertEquals(List.of(1), requests.stream().map(FulfillmentRequested::getAttempt).toList());

            assertEquals(401, fulfillment.get("/fulfillment/" + orderId, null).statusCode());
            var unknown = fulfillment.get("/fulfillment/o-never-paid");
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("it starts when the order becomes PAID"), unknown.body());
            assertEquals(200, fulfillment.get("/health", null).statusCode());
        }
    }
}
