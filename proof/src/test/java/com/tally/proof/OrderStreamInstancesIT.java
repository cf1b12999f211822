package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.order.OrderStreamApp;
import com.tally.order.OrderView;
import com.tally.platform.FreePort;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    @TempDir
    static Path stateDirs;

    @BeforeAll
    static void start() throws Exception {
        stack = new TestStack();
        first = TestStack.startOrderStream(FreePort.pick(), stateDirs.resolve("instance-1"));
        second = TestStack.startOrderStream(FreePort.pick(), stateDirs.resolve("instance-2"));
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

        Shop.awaitStatus(first.url(), orderIds(), "PAID");
        long ownedByFirst = ownedBy(first);
        long ownedBySecond = ownedBy(second);
        assertTrue(ownedByFirst > 0 && ownedBySecond > 0, "both instances own some of the orders: " + ownedByFirst + ", " + ownedBySecond);
        assertEquals(ORDERS, ownedByFirst + ownedBySecond, "each order is owned by exactly one instance");

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
        var stale = Eventually.await(Duration.ofSeconds(30), "a stale-allowed read", () -> Shop.get(first.url()
                + "/orders/" + PREFIX + "7?allowStale=true"), answer -> answer.statusCode() == 200);
        OrderView readWithStaleAllowed = TallyJson.mapper().readValue(stale.body(), OrderView.class);
        assertEquals(seen.get(PREFIX + "7").history(), readWithStaleAllowed.history());
    }

    /** How many of the test's orders this instance owns: it answers them from its own store, without asking another. */
    private static long ownedBy(OrderStreamApp instance) throws Exception {
        long owned = 0;
        for (String id : orderIds()) {
            if (Shop.get(instance.url() + "/orders/" + id + "?local=true").statusCode() == 200) {
                owned++;
            }
        }
        return owned;
    }
}
