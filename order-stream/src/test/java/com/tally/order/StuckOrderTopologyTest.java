package com.tally.order;

import static com.tally.order.Fixtures.T0;
import static com.tally.order.Fixtures.fulfillmentRequest;
import static com.tally.order.Fixtures.fulfillmentResult;
import static com.tally.order.Fixtures.order;
import static com.tally.order.Fixtures.refundRequest;
import static com.tally.order.Fixtures.succeeded;
import static com.tally.order.OrderDriver.kinds;
import static com.tally.order.OrderDriver.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.Alert;
import com.tally.schemas.EventIds;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paid orders nobody fulfils, through the whole topology with a short threshold and the driver's
 * wall clock: raised once however many scans follow, cleared once when the order moves on,
 * never raised for an order accepted in time, and the figures the gauges read.
 */
class StuckOrderTopologyTest {

    private static final Duration STUCK_AFTER = Duration.ofMinutes(10);
    /** The scan runs every STUCK_AFTER / 30. */
    private static final Duration SCAN = Duration.ofSeconds(20);

    @TempDir
    Path stateDir;

    private OrderDriver t;

    @BeforeEach
    void start() {
        t = new OrderDriver(OrderDriver.settings(stateDir), STUCK_AFTER);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private void paidOrder(String orderId) {
        t.placements.pipeInput(orderId, order(orderId, 4_990, "EUR"));
        t.webhooks.pipeInput("pi_" + orderId, succeeded("evt_" + orderId, "pi_" + orderId, orderId, 4_990));
    }

    private void advance(Duration by) {
        t.driver.advanceWallClockTime(by);
    }

    private AwaitingFulfillment.Summary summary() {
        return AwaitingFulfillment.summary(t.awaitingFulfillment);
    }

    @Test
    void paidOrderNobodyFulfilsIsRaisedOnceHoweverManyScansFollow() {
        paidOrder("o-1");
        t.drain();

        advance(STUCK_AFTER.minus(SCAN));
        assertTrue(t.alerts.isEmpty(), "not yet");

        advance(SCAN);
        List<TestRecord<String, Alert>> raised = t.alerts.readRecordsToList();
        assertEquals(1, raised.size());
        Alert stuck = raised.get(0).value();
        assertEquals("o-1", raised.get(0).key());
        assertEquals("order-stuck", stuck.getKind());
        assertEquals(Severity.WARNING, stuck.getSeverity());
        assertEquals("o-1", stuck.getSubject());
        assertTrue(stuck.getDetail().contains("fulfillment was never requested"), stuck.getDetail());
        assertTrue(stuck.getDetail().contains("GET /fulfillment/o-1"), stuck.getDetail());
        assertEquals(T0.plus(STUCK_AFTER), raised.get(0).getRecordTime(), "published when the scan found it");

        advance(SCAN.multipliedBy(10));
        advance(Duration.ofHours(3));
        assertTrue(t.alerts.isEmpty(), "one alert per stuck order, not one per scan");
        assertTrue(t.orderEvents.isEmpty(), "raising changes nothing on the order");
        assertEquals(OrderStatus.PAID, t.status("o-1"));
    }

    @Test
    void stuckOrderIsClearedOnceWhenTheWarehouseAcceptsIt() {
        paidOrder("o-1");
        t.fulfillmentRequests.pipeInput("o-1", fulfillmentRequest("o-1", 1));
        advance(STUCK_AFTER);
        Alert stuck = t.alerts.readValuesToList().get(0);
        assertTrue(stuck.getDetail().contains("fulfillment request ful-o-1 is not accepted yet"), stuck.getDetail());
        t.drain();

        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED));

        List<Alert> cleared = t.alerts.readValuesToList();
        assertEquals(List.of("order-unstuck"), kinds(cleared));
        assertEquals(Severity.INFO, cleared.get(0).getSeverity());
        assertEquals("o-1", cleared.get(0).getSubject());
        assertEquals("res-o-1-ACCEPTED", cleared.get(0).getCauseEventId(), "cleared by the result that moved the order on");
        assertEquals(List.of(OrderStatus.FULFILLMENT_ACCEPTED), targets(t.orderEvents.readValuesToList()));

        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.SHIPPED));
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED));   // late repeat
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.DELIVERED));
        advance(STUCK_AFTER.multipliedBy(3));
        assertTrue(t.alerts.isEmpty(), "cleared exactly once, and never raised again");
        assertEquals(1, OrderDriver.count(t.awaitingFulfillment), "nothing waits: only the mark that the backfill ran is left");
    }

    @Test
    void stuckOrderIsClearedWhenARefundIsRequestedInstead() {
        paidOrder("o-1");
        advance(STUCK_AFTER);
        assertEquals(List.of("order-stuck"), kinds(t.alerts.readValuesToList()));
        t.drain();

        t.refundRequestsIn.pipeInput("o-1", refundRequest("o-1", "pi_o-1", 4_990, "support-console"));

        assertEquals(List.of(OrderStatus.REFUND_REQUESTED), targets(t.orderEvents.readValuesToList()));
        List<Alert> cleared = t.alerts.readValuesToList();
        assertEquals(List.of("order-unstuck"), kinds(cleared));
        assertTrue(cleared.get(0).getDetail().contains("REFUND_REQUESTED"), cleared.get(0).getDetail());
        advance(STUCK_AFTER);
        assertTrue(t.alerts.isEmpty());
    }

    @Test
    void fulfillmentRequestedAfterTheAlertKeepsTheOrderStuckWithoutASecondAlert() {
        paidOrder("o-1");
        advance(STUCK_AFTER);
        assertEquals(List.of("order-stuck"), kinds(t.alerts.readValuesToList()));

        t.fulfillmentRequests.pipeInput("o-1", fulfillmentRequest("o-1", 1));
        advance(STUCK_AFTER);

        assertTrue(t.alerts.isEmpty(), "still waiting for the warehouse: neither cleared nor raised again");
        assertEquals(1, summary().stuck());
    }

    @Test
    void orderAcceptedInTimeIsNeverRaised() {
        paidOrder("o-1");
        t.fulfillmentRequests.pipeInput("o-1", fulfillmentRequest("o-1", 1));
        advance(STUCK_AFTER.minus(SCAN));
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED));

        advance(STUCK_AFTER.multipliedBy(5));

        assertEquals(List.of(), kinds(t.alerts.readValuesToList()));
        assertEquals(new AwaitingFulfillment.Summary(0, null), summary());
    }

    @Test
    void ordersThatNeverWerePaidAreNeverRaised() {
        t.placements.pipeInput("o-pending", order("o-pending", 4_990, "EUR"));
        t.placements.pipeInput("o-review", order("o-review", 4_990, "EUR"));
        t.webhooks.pipeInput("pi_r", succeeded("evt_r", "pi_r", "o-review", 1_000));   // another amount: NEEDS_REVIEW
        t.drain();

        advance(STUCK_AFTER.multipliedBy(3));

        assertTrue(t.alerts.isEmpty());
    }

    @Test
    void gaugesCountStuckOrdersAndTheAgeOfTheOldestWaiting() {
        assertEquals(new AwaitingFulfillment.Summary(0, null), summary());
        paidOrder("o-1");
        advance(Duration.ofMinutes(4));
        paidOrder("o-2");
        paidOrder("o-3");
        t.fulfillmentRequests.pipeInput("o-3", fulfillmentRequest("o-3", 1));
        t.fulfillmentResults.pipeInput("o-3", fulfillmentResult("o-3", FulfillmentOutcome.ACCEPTED));
        assertEquals(new AwaitingFulfillment.Summary(0, T0), summary(), "o-1 and o-2 wait; o-1 since the start");

        advance(Duration.ofMinutes(6));
        assertEquals(new AwaitingFulfillment.Summary(1, T0), summary(), "o-1 is stuck");

        advance(Duration.ofMinutes(4));
        assertEquals(new AwaitingFulfillment.Summary(2, T0), summary(), "o-2 too");

        t.fulfillmentRequests.pipeInput("o-1", fulfillmentRequest("o-1", 1));
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.ACCEPTED));
        assertEquals(new AwaitingFulfillment.Summary(1, T0.plus(Duration.ofMinutes(4))), summary(), "o-2 is the oldest left");
        assertEquals(List.of("o-2"), AwaitingFulfillment.stuck(t.awaitingFulfillment, 10).stream()
                .map(AwaitingFulfillment.Entry::orderId).toList());
    }

    @Test
    void ordersAlreadyWaitingWhenTheStoreIsIntroducedAreCountedFromTheirPaymentAndRaisedOnce() {
        // an order paid before this app version: in the order store, with no entry in awaiting-fulfillment
        Instant paidAt = T0.minus(Duration.ofHours(1));
        paidOrder("o-old");
        var order = t.order("o-old");
        order.getHistory().forEach(entry -> entry.setAt(paidAt));
        t.awaitingFulfillment.delete(AwaitingFulfillment.ORDER + "o-old");
        t.awaitingFulfillment.delete(String.format("%s%019d/%s", AwaitingFulfillment.WAITING, T0.toEpochMilli(), "o-old"));
        t.orders.put("o-old", order);
        assertEquals(0, OrderDriver.count(t.awaitingFulfillment));

        advance(SCAN);
        advance(SCAN);

        List<Alert> raised = t.alerts.readValuesToList();
        assertEquals(List.of("order-stuck"), kinds(raised));
        String paidEventId = StuckOrders.paid(order).orElseThrow().getEventId();
        assertEquals(EventIds.derived(paidEventId, "order-stuck"), raised.get(0).getEventId());
        assertEquals(new AwaitingFulfillment.Summary(1, paidAt), summary());
    }
}
