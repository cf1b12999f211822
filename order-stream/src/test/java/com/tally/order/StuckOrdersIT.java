package com.tally.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.TallyJson;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Stuck orders on the real broker under exactly_once_v2, with a threshold of two seconds: two
 * instances share the partitions, each lists every stuck order (its own and its peer's) to an
 * operator, their gauges add up to the list, the order the warehouse accepts is cleared once,
 * and when one instance leaves, the other takes its orders over without raising them again.
 */
class StuckOrdersIT {

    private static final Map<String, String> STUCK_AFTER_TWO_SECONDS = Map.of(OrderConfig.STUCK_ORDER_AFTER, "PT2S");
    private static final int PARTITIONS = 3;
    private static final Pattern STUCK_GAUGE = Pattern.compile("(?m)^tally_orders_stuck\\{[^}]*} (\\S+)$");
    private static final Pattern AGE_GAUGE = Pattern.compile("(?m)^tally_orders_oldest_unfulfilled_age_seconds\\{[^}]*} (\\S+)$");

    /** Two orders on each partition, so each instance owns some of them whatever the assignment. */
    private static List<String> orderIdsOnEveryPartition(String prefix) {
        var ids = new ArrayList<String>();
        int[] onPartition = new int[PARTITIONS];
        for (int i = 0; ids.size() < 2 * PARTITIONS; i++) {
            String id = prefix + "-" + i;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (onPartition[partition] < 2) {
                onPartition[partition]++;
                ids.add(id);
            }
        }
        return ids;
    }

    private static void payFor(RunningOrderStream orderStream, String orderId) throws Exception {
        orderStream.send(Topics.ORDERS_PLACED, orderId, AvroSerde.of(OrderPlaced.class).encode(Fixtures.order(orderId, 4_990, "EUR")));
        orderStream.send(Topics.PAYMENT_EVENTS, orderId, AvroSerde.of(PaymentEvent.class)
                .encode(Fixtures.payment("pay-" + orderId, PaymentKind.SUCCEEDED, "pi_" + orderId, orderId, 4_990, "EUR")));
    }

    private static StuckOrder.Page stuck(RunningOrderStream orderStream, String query) throws Exception {
        var answer = orderStream.get("/orders?stuck=true&limit=1000" + query);
        return answer.statusCode() == 200 ? TallyJson.mapper().readValue(answer.body(), StuckOrder.Page.class) : null;
    }

    /** How many orders are stuck across all instances; -1 while they cannot all answer. */
    private static double listed(RunningOrderStream orderStream) throws Exception {
        var page = stuck(orderStream, "");
        return page == null ? -1 : page.orders().size();
    }

    private static Set<String> mine(StuckOrder.Page page, String prefix) {
        var ids = new HashSet<String>();
        if (page != null) {
            page.orders().stream().map(StuckOrder::orderId).filter(id -> id.startsWith(prefix)).forEach(ids::add);
        }
        return ids;
    }

    private static double gauge(RunningOrderStream orderStream, Pattern gauge) throws Exception {
        var matcher = gauge.matcher(orderStream.get("/metrics").body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    /** Every alert about this test's orders, by kind and order. */
    private static List<String> alerts(String prefix) {
        var decode = AvroSerde.of(Alert.class);
        return CommittedLog.of(SharedKafka.bootstrapServers(), Topics.ALERTS).stream()
                .filter(r -> r.key() != null && r.key().startsWith(prefix))
                .map(r -> decode.decode(r.value())).map(a -> a.getKind() + " " + a.getSubject()).sorted().toList();
    }

    @Test
    void paidOrdersNobodyFulfilsAreListedFromEveryInstanceCountedAndClearedOnce() throws Exception {
        String prefix = "o-stuck-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> orderIds = orderIdsOnEveryPartition(prefix);
        String accepted = orderIds.get(0);
        try (var first = new RunningOrderStream(STUCK_AFTER_TWO_SECONDS)) {
            var second = new RunningOrderStream(STUCK_AFTER_TWO_SECONDS);
            try {
                for (String orderId : orderIds) {
                    payFor(first, orderId);
                }

                for (var instance : List.of(first, second)) {
                    Eventually.await(Duration.ofSeconds(60), "every stuck order listed by " + instance.app.url(),
                            () -> mine(stuck(instance, ""), prefix), Set.copyOf(orderIds)::equals);
                }
                Set<String> onFirst = mine(stuck(first, "&local=true"), prefix);
                Set<String> onSecond = mine(stuck(second, "&local=true"), prefix);
                assertFalse(onFirst.isEmpty() || onSecond.isEmpty(), "each instance owns some: " + onFirst + " / " + onSecond);
                assertTrue(onFirst.stream().noneMatch(onSecond::contains), "no order is listed by both: " + onFirst + " / " + onSecond);
                for (StuckOrder order : stuck(second, "").orders()) {
                    if (order.orderId().startsWith(prefix)) {
                        assertEquals("PAID", order.status(), order.orderId());
                        assertEquals(4_990, order.amount());
                        assertEquals("EUR", order.currency());
                        assertTrue(!order.stuckSince().isBefore(order.paidSince().plusSeconds(2)), order.toString());
                    }
                }

                assertEquals(401, first.get("/orders?stuck=true", null).statusCode(), "an operator's list: no token, no answer");
                assertEquals(400, first.get("/orders?stuck=false").statusCode());
                assertEquals(400, first.get("/orders?stuck=true&status=PAID").statusCode());

                // nothing else is paid meanwhile, so the two instances' gauges add up to the whole list
                Eventually.await(Duration.ofSeconds(30), "the gauges add up to the list of stuck orders",
                        () -> List.of(gauge(first, STUCK_GAUGE) + gauge(second, STUCK_GAUGE), listed(first)),
                        figures -> figures.get(0).equals(figures.get(1)));
                double oldest = Math.max(gauge(first, AGE_GAUGE), gauge(second, AGE_GAUGE));
                assertTrue(oldest >= 2, "the oldest waited at least the threshold: " + oldest);

                first.send(Topics.FULFILLMENT_REQUESTS, accepted,
                        AvroSerde.of(FulfillmentRequested.class).encode(Fixtures.fulfillmentRequest(accepted, 1)));
                first.send(Topics.FULFILLMENT_RESULTS, accepted,
                        AvroSerde.of(FulfillmentResult.class).encode(Fixtures.fulfillmentResult(accepted, FulfillmentOutcome.ACCEPTED)));
                Eventually.await(Duration.ofSeconds(30), accepted + " no longer stuck",
                        () -> mine(stuck(second, ""), prefix), ids -> ids.size() == orderIds.size() - 1 && !ids.contains(accepted));
            } finally {
                second.close();
            }

            Eventually.await(Duration.ofSeconds(60), "the remaining instance lists the stuck orders it took over as its own",
                    () -> mine(stuck(first, "&local=true"), prefix), ids -> ids.size() == orderIds.size() - 1);
            Thread.sleep(3_000);   // a few more scans, on the instance that restored the other's store

            var expected = new ArrayList<String>();
            orderIds.forEach(id -> expected.add("order-stuck " + id));
            expected.add("order-unstuck " + accepted);
            assertEquals(expected.stream().sorted().toList(), alerts(prefix), "raised once each, cleared once, across a hand-over");
        }
    }
}
