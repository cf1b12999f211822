package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tally.order.OrderStreamApp;
import com.tally.order.OrderView;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.FreePort;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.LedgerEntry;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * order-stream stopped in the middle of a run and started again, then every webhook delivered
 * once more: no order gets a second payment, a second transition or a second ledger entry.
 */
class OrderStreamRestartIT {

    private static final int ORDERS = 200;
    private static final String PREFIX = "o-restart-";
    private static TestStack stack;
    private static OrderStreamApp orderStream;
    @TempDir
    static Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        stack = new TestStack();
    }

    @AfterAll
    static void stop() {
        if (orderStream != null) {
            orderStream.close();
        }
        stack.close();
    }

    @Test
    void restartAndRedeliveryChangeNoOrderTwice() throws Exception {
        int port = FreePort.pick();
        orderStream = TestStack.startOrderStream(port, stateDir);
        var shop = new Shop(stack.ingestUrl);
        List<String> ids = IntStream.range(0, ORDERS).mapToObj(i -> PREFIX + i).toList();
        Shop.assertAnswered(Shop.inBatches(ids, 32, id -> shop.placeOrder(id, 1_250)), 202);
        List<Shop.Webhook> webhooks = ids.stream().map(id -> Shop.paymentSucceeded(id, 1_250)).toList();

        Shop.assertAnswered(Shop.inBatches(webhooks.subList(0, ORDERS / 2), 32, shop::deliver), 200);
        orderStream.close();                                             // stopped mid-run
        Shop.assertAnswered(Shop.inBatches(webhooks.subList(ORDERS / 2, ORDERS), 32, shop::deliver), 200);
        orderStream = TestStack.startOrderStream(port, stateDir);        // the same instance again
        Shop.assertAnswered(Shop.inBatches(webhooks, 32, shop::deliver), 200);   // every webhook once more

        Shop.awaitStatus(orderStream.url(), ids, "PAID");
        for (String id : ids) {
            OrderView order = Shop.order(orderStream.url(), id);
            assertEquals(1, order.payments().size(), id + " payments");
            assertEquals(List.of("PENDING", "PAID"), order.history().stream().map(OrderView.HistoryEntry::to).toList(), id + " history");
        }
        assertEachOrderHasOnce(Topics.ORDER_EVENTS, OrderEvent.class, OrderEvent::getOrderId, 2);
        assertEachOrderHasOnce(Topics.LEDGER_ENTRIES, LedgerEntry.class, LedgerEntry::getOrderId, 1);
    }

    private static <T extends SpecificRecord> void assertEachOrderHasOnce(
            String topic, Class<T> type, Function<T, String> orderId, long perOrder) {
        var decode = AvroSerde.of(type);
        Map<String, Long> counts = CommittedLog.of(SharedKafka.bootstrapServers(), topic).stream()
                .map(r -> decode.decode(r.value())).map(orderId).filter(id -> id.startsWith(PREFIX))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(ORDERS, counts.size(), topic + " names every order");
        counts.forEach((id, n) -> assertEquals(perOrder, n, id + " on " + topic));
    }
}
