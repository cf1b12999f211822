package com.tally.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.order.OrderStreamApp;
import com.tally.order.OrderSummary;
import com.tally.order.OrderView;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.FreePort;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two order-stream instances with one application ID: 500 orders paid through real HTTP webhooks
 * (every fifth delivered twice) are served alike by either instance, and all of them still by
 * one when the other stops.
 */
class OrderStreamInstancesIT {

    private static final int ORDERS = 500;
    private static final String PREFIX = "o-multi-";
    private static TestStack stack;
    private static OrderStreamApp first;
    private static OrderStreamApp second;

    @BeforeAll
    static void start() throws Exception {
        stack = new TestStack();
        first = TestStack.startOrderStream(FreePort.pick(), Files.createTempDirectory("instance-1"));
        second = TestStack.startOrderStream(FreePort.pick(), Files.createTempDirectory("instance-2"));
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        first.close();
        stack.close();
    }

    private static List<String> orderIds() {
        return IntStream.range(0, ORDERS).mapToObj(i -> PREFIX + i).toList();
    }

    @Test
    void everyOrderIsServedAlikeByEitherInstanceAndAllByOneWhenTheOtherStops() throws Exception {
        var shop = new Shop(stack.ingestUrl);
        Shop.assertAnswered(Shop.inBatches(orderIds(), 32, id -> shop.placeOrder(id, 4_990)), 202);
        var webhooks = new ArrayList<Shop.Webhook>();
        for (int i = 0; i < ORDERS; i++) {
            var webhook = Shop.paymentSucceeded(PREFIX + i, 4_990);
            webhooks.add(webhook);
            if (i % 5 == 4) {
                webhooks.add(webhook);   // delivered twice, as a processor retries
            }
        }
        assertEquals(600, webhooks.size());
        Shop.assertAnswered(Shop.inBatches(webhooks, 32, shop::deliver), 200);

        Shop.awaitCount(first.url(), PREFIX, "PAID", ORDERS);
        assertTrue(localCount(first) > 0 && localCount(second) > 0, "both instances own some of the orders");
        assertEquals(ORDERS, localCount(first) + localCount(second));

        Map<String, OrderView> seen = new HashMap<>();
        for (String id : orderIds()) {
            OrderView fromFirst = Shop.order(first.url(), id);
            OrderView fromSecond = Shop.order(second.url(), id);
            assertEquals(fromFirst, fromSecond, id + " is the same from either instance");
            assertEquals("PAID", fromFirst.status());
            assertEquals(1, fromFirst.payments().size(), id + " has one payment");
            assertEquals(2, fromFirst.history().size(), id + " has two transitions");
            seen.put(id, fromFirst);
        }

        second.close();
        second = null;

        for (String id : orderIds()) {
            assertEquals(seen.get(id), Shop.order(first.url(), id), id + " is still served after the other instance stopped");
        }
        Shop.awaitCount(first.url(), PREFIX, "PAID", ORDERS);
        var stale = Eventually.await(Duration.ofSeconds(30), "a stale-allowed read", () -> Shop.get(first.url()
                + "/orders/" + PREFIX + "7?allowStale=true"), answer -> answer.statusCode() == 200);
        OrderView readWithStaleAllowed = TallyJson.mapper().readValue(stale.body(), OrderView.class);
        assertEquals(seen.get(PREFIX + "7").history(), readWithStaleAllowed.history());
    }

    /** How many of the test's paid orders this instance owns itself. */
    private static long localCount(OrderStreamApp instance) throws Exception {
        var answer = Shop.get(instance.url() + "/orders?status=PAID&limit=1000&local=true");
        assertEquals(200, answer.statusCode(), answer.body());
        return TallyJson.mapper().readValue(answer.body(), OrderSummary.Page.class).orders().stream()
                .filter(o -> o.orderId().startsWith(PREFIX)).count();
    }
}
