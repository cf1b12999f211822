package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.order.OrderStreamApp;
import com.tally.order.OrderView;
import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.Eventually;
import com.tally.proof.stack.StackEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two order-stream instances with one application ID, tokens on: a query forwarded to the
 * instance owning the order carries the caller's token; 500 orders paid through real HTTP
 * webhooks (every fifth delivered twice) are served alike by either instance, and all of them
 * still by one when the other stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    @Order(1)   // before the other stops an instance
    void aQueryForwardedToTheOwningInstanceCarriesTheCallersToken() throws Exception {
        var shop = new Shop(stack.ingestUrl);
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> "o-forwarded-" + i).toList();
        Shop.assertAnswered(Shop.inBatches(ids, 20, id -> shop.placeOrder(id, 1_000)), 202);
        Shop.assertAnswered(Shop.inBatches(ids.stream().map(id -> Shop.paymentSucceeded(id, 1_000)).toList(), 20, shop::deliver), 200);
        Shop.awaitStatus(first.url(), ids, "PAID");
        String ownedBySecond = ids.stream().filter(id -> ownedBy(second, id)).findFirst()
                .orElseThrow(() -> new AssertionError("the second instance owns none of " + ids));
        String operator = StackEnvironment.DEFAULT_OPERATOR_TOKEN;
        String basic = "Basic " + Base64.getEncoder().encodeToString(("ops:" + operator).getBytes(StandardCharsets.UTF_8));

        var forwarded = Shop.get(first.url() + "/orders/" + ownedBySecond, Access.bearer(operator));
        var forwardedBasic = Shop.get(first.url() + "/orders/" + ownedBySecond, basic);
        var refused = Shop.get(first.url() + "/orders/" + ownedBySecond, null);
        var gathered = Shop.get(first.url() + "/orders?status=PAID&limit=1000", Access.bearer(operator));
        var balances = Shop.get(first.url() + "/ledger/balances", Access.bearer(operator));

        assertEquals(200, forwarded.statusCode(), "the owner accepted the token the first instance passed on: " + forwarded.body());
        assertEquals(ownedBySecond, TallyJson.mapper().readValue(forwarded.body(), OrderView.class).orderId());
        assertEquals(200, forwardedBasic.statusCode(), forwardedBasic.body());
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals(200, gathered.statusCode(), "both instances answered the gathering query: " + gathered.body());
        var listed = TallyJson.mapper().readTree(gathered.body()).get("orders").findValuesAsText("orderId");
        assertTrue(listed.containsAll(ids), "every order, from either instance's store: " + listed);
        assertEquals(200, balances.statusCode(), balances.body());
    }

    @Test
    @Order(2)
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

    /** How many of the test's orders this instance owns. */
    private static long ownedBy(OrderStreamApp instance) {
        return orderIds().stream().filter(id -> ownedBy(instance, id)).count();
    }

    /** Whether this instance owns the order: it answers it from its own store, without asking another. */
    private static boolean ownedBy(OrderStreamApp instance, String orderId) {
        try {
            return Shop.get(instance.url() + "/orders/" + orderId + "?local=true").statusCode() == 200;
        } catch (Exception e) {
            throw new AssertionError("asking " + instance.url() + " for " + orderId + " failed", e);
        }
    }
}
