package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.Alert;
import com.tally.schemas.EventIds;
import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationTopologyTest {

    private static final String OPS = NotificationRulesTest.OPS;

    @TempDir
    Path stateDir;

    private NotificationDriver t;

    @BeforeEach
    void start() {
        t = new NotificationDriver(stateDir, OPS);
    }

    @AfterEach
    void close() {
        t.close();
    }

    /** Each request as (key, notification ID, kind, recipient, cause): what a test compares exactly. */
    private List<List<String>> requested() {
        return t.requests.readKeyValuesToList().stream()
                .map(kv -> List.of(kv.key, kv.value.getNotificationId(), kv.value.getKind(), kv.value.getRecipient(),
                        kv.value.getCauseEventId()))
                .toList();
    }

    private static List<String> request(String orderId, NotificationKind kind, String recipient, String cause) {
        return List.of(orderId, NotificationIds.of(orderId, kind), kind.wireName(), recipient, cause);
    }

    @Test
    void aPaidOrderGetsOneConfirmationKeyedByOrderId() {
        t.orderBecame("o-1", OrderStatus.PENDING, OrderStatus.PAID, "paid-1");

        List<KeyValue<String, NotificationRequested>> sent = t.requests.readKeyValuesToList();
        assertEquals(1, sent.size());
        assertEquals("o-1", sent.get(0).key);
        NotificationRequested request = sent.get(0).value;
        assertEquals(NotificationIds.of("o-1", NotificationKind.ORDER_CONFIRMED), request.getNotificationId());
        assertEquals(EventIds.derived("paid-1", "notification/order-confirmed"), request.getEventId());
        assertEquals("buyer-o-1@example.com", request.getRecipient());
        assertEquals(4990L, request.getAmountMinor());
        assertEquals("EUR", request.getCurrency());
        assertEquals("PAID", request.getStatus());
        assertEquals(Set.of(request.getNotificationId()), t.decided.get("o-1"));
        assertTrue(t.alerts.isEmpty());
    }

    @Test
    void theSameEventTwiceRequestsOnce() {
        t.orderBecame("o-1", OrderStatus.PENDING, OrderStatus.PAID, "paid-1");
        t.orderBecame("o-1", OrderStatus.PENDING, OrderStatus.PAID, "paid-1");

        assertEquals(List.of(request("o-1", NotificationKind.ORDER_CONFIRMED, "buyer-o-1@example.com", "paid-1")), requested());
    }

    @Test
    void theSameTransitionUnderANewEventIdRequestsNothingMore() {
        t.orderBecame("o-1", OrderStatus.PENDING, OrderStatus.PAID, "paid-1");
        t.orderBecame("o-1", OrderStatus.PENDING, OrderStatus.PAID, "paid-again");
        t.orderBecame("o-1", OrderStatus.PAYMENT_FAILED, OrderStatus.PAID, "paid-by-another-path");

        assertEquals(List.of(request("o-1", NotificationKind.ORDER_CONFIRMED, "buyer-o-1@example.com", "paid-1")), requested());
    }

    @Test
    void aWholeReplayOfTheOrdersLifeRequestsNothingMore() {
        Runnable life = () -> {
            t.orderBecame("o-1", null, OrderStatus.PENDING, "placed");
            t.orderBecame("o-1", OrderStatus.PENDING, OrderStatus.PAID, "paid");
            t.orderBecame("o-1", OrderStatus.PAID, OrderStatus.FULFILLMENT_REQUESTED, "requested");
            t.orderBecame("o-1", OrderStatus.FULFILLMENT_REQUESTED, OrderStatus.FULFILLMENT_ACCEPTED, "accepted");
            t.orderBecame("o-1", OrderStatus.FULFILLMENT_ACCEPTED, OrderStatus.SHIPPED, "shipped");
            t.orderBecame("o-1", OrderStatus.SHIPPED, OrderStatus.DELIVERED, "delivered");
        };
        life.run();
        life.run();

        String buyer = "buyer-o-1@example.com";
        assertEquals(List.of(
                request("o-1", NotificationKind.ORDER_CONFIRMED, buyer, "paid"),
                request("o-1", NotificationKind.SHIPPED, buyer, "shipped"),
                request("o-1", NotificationKind.DELIVERED, buyer, "delivered")), requested());
        assertTrue(t.alerts.isEmpty());
        for (NotificationKind kind : NotificationKind.values()) {
            boolean owed = kind == NotificationKind.ORDER_CONFIRMED || kind == NotificationKind.SHIPPED || kind == NotificationKind.DELIVERED;
            assertEquals(owed ? 1.0 : 0.0, t.requestedCount(kind), kind.wireName());
        }
    }

    @Test
    void manyOrdersEventsRepeatedAndInterleavedRequestOnePerOrderAndKind() {
        List<String> orders = List.of("o-a", "o-b", "o-c");
        for (int round = 0; round < 3; round++) {
            for (String order : orders) {
                t.orderBecame(order, OrderStatus.PENDING, OrderStatus.PAYMENT_FAILED, "failed-" + order);
            }
            for (String order : orders) {
                t.orderBecame(order, OrderStatus.PAYMENT_FAILED, OrderStatus.PAID, "paid-" + order + "-" + round);
                t.orderBecame(order, OrderStatus.FULFILLMENT_ACCEPTED, OrderStatus.SHIPPED, "shipped-" + order);
            }
        }

        // first every order's payment-failed, then each order's confirmation and shipping: the order they were owed in
        var owed = new ArrayList<List<String>>();
        orders.forEach(order -> owed.add(request(order, NotificationKind.PAYMENT_FAILED, "buyer-" + order + "@example.com", "failed-" + order)));
        for (String order : orders) {
            owed.add(request(order, NotificationKind.ORDER_CONFIRMED, "buyer-" + order + "@example.com", "paid-" + order + "-0"));
            owed.add(request(order, NotificationKind.SHIPPED, "buyer-" + order + "@example.com", "shipped-" + order));
        }
        assertEquals(owed, requested());
        assertEquals(3.0, t.requestedCount(NotificationKind.ORDER_CONFIRMED));
        assertEquals(3.0, t.requestedCount(NotificationKind.PAYMENT_FAILED));
        assertEquals(3.0, t.requestedCount(NotificationKind.SHIPPED));
    }

    @Test
    void eachTransitionGetsItsKindAndTheOthersNone() {
        t.orderBecame("o-paid", OrderStatus.PENDING, OrderStatus.PAID, "e-1");
        t.orderBecame("o-failed", OrderStatus.PENDING, OrderStatus.PAYMENT_FAILED, "e-2");
        t.orderBecame("o-shipped", OrderStatus.FULFILLMENT_ACCEPTED, OrderStatus.SHIPPED, "e-3");
        t.orderBecame("o-delivered", OrderStatus.SHIPPED, OrderStatus.DELIVERED, "e-4");
        t.orderBecame("o-refunded", OrderStatus.REFUND_REQUESTED, OrderStatus.REFUNDED, "e-5");
        t.orderBecame("o-review", OrderStatus.PENDING, OrderStatus.NEEDS_REVIEW, "e-6");
        t.orderBecame("o-quiet", null, OrderStatus.PENDING, "e-7");
        t.orderBecame("o-quiet", OrderStatus.PAID, OrderStatus.FULFILLMENT_REQUESTED, "e-8");
        t.orderBecame("o-quiet", OrderStatus.FULFILLMENT_REQUESTED, OrderStatus.FULFILLMENT_ACCEPTED, "e-9");
        t.orderBecame("o-quiet", OrderStatus.PAID, OrderStatus.REFUND_REQUESTED, "e-10");
        t.orderBecame("o-quiet", OrderStatus.SHIPPED, OrderStatus.SHIPPED, "e-11");

        assertEquals(List.of(
                request("o-paid", NotificationKind.ORDER_CONFIRMED, "buyer-o-paid@example.com", "e-1"),
                request("o-failed", NotificationKind.PAYMENT_FAILED, "buyer-o-failed@example.com", "e-2"),
                request("o-shipped", NotificationKind.SHIPPED, "buyer-o-shipped@example.com", "e-3"),
                request("o-delivered", NotificationKind.DELIVERED, "buyer-o-delivered@example.com", "e-4"),
                request("o-refunded", NotificationKind.REFUND_ISSUED, "buyer-o-refunded@example.com", "e-5"),
                request("o-review", NotificationKind.NEEDS_REVIEW, OPS, "e-6")), requested());
        assertEquals(null, t.decided.get("o-quiet"), "nothing owed, nothing remembered");
        assertTrue(t.alerts.isEmpty());
    }

    @Test
    void failedThenPaidRequestsBothInThatOrder() {
        t.orderBecame("o-1", OrderStatus.PENDING, OrderStatus.PAYMENT_FAILED, "failed");
        t.orderBecame("o-1", OrderStatus.PAYMENT_FAILED, OrderStatus.PAID, "paid");
        t.orderBecame("o-1", OrderStatus.PAYMENT_FAILED, OrderStatus.PAID, "paid");

        String buyer = "buyer-o-1@example.com";
        assertEquals(List.of(
                request("o-1", NotificationKind.PAYMENT_FAILED, buyer, "failed"),
                request("o-1", NotificationKind.ORDER_CONFIRMED, buyer, "paid")), requested());
        assertEquals(Set.of(NotificationIds.of("o-1", NotificationKind.PAYMENT_FAILED), NotificationIds.of("o-1", NotificationKind.ORDER_CONFIRMED)),
                t.decided.get("o-1"));
        assertEquals(List.of("payment-failed", "order-confirmed"),
                t.views.get("o-1").notifications().stream().map(NotificationView::kind).toList(), "the view keeps that order too");
    }

    @Test
    void needsReviewGoesToTheOperationsAddressNotTheBuyer() {
        t.orderBecame("o-1", OrderStatus.PENDING, OrderStatus.NEEDS_REVIEW, "mismatch");

        assertEquals(List.of(request("o-1", NotificationKind.NEEDS_REVIEW, OPS, "mismatch")), requested());
    }

    @Test
    void aBadAddressRaisesOneAlertAndTheStreamGoesOnWithTheNextOrder() {
        t.orderBecame("o-bad", OrderStatus.PENDING, OrderStatus.PAID, "paid-bad", "not-an-address");
        t.orderBecame("o-bad", OrderStatus.PENDING, OrderStatus.PAID, "paid-bad", "not-an-address");
        t.orderBecame("o-bad", OrderStatus.PAYMENT_FAILED, OrderStatus.PAID, "paid-bad-again", "not-an-address");
        t.orderBecame("o-2", OrderStatus.PENDING, OrderStatus.PAID, "paid-2");

        List<KeyValue<String, Alert>> raised = t.alerts.readKeyValuesToList();
        assertEquals(1, raised.size());
        assertEquals("o-bad", raised.get(0).key);
        Alert alert = raised.get(0).value;
        assertEquals("notification-no-recipient", alert.getKind());
        assertEquals(Severity.WARNING, alert.getSeverity());
        assertEquals("o-bad", alert.getSubject());
        assertEquals("paid-bad", alert.getCauseEventId());
        List<KeyValue<String, NotificationResult>> failed = t.results.readKeyValuesToList();
        assertEquals(1, failed.size(), "recorded as failed once, in the transaction of its alert");
        assertEquals("o-bad", failed.get(0).key);
        assertEquals(NotificationIds.of("o-bad", NotificationKind.ORDER_CONFIRMED), failed.get(0).value.getNotificationId());
        assertEquals(NotificationOutcome.FAILED, failed.get(0).value.getOutcome());
        assertEquals(0, failed.get(0).value.getAttempt());
        assertEquals("paid-bad", failed.get(0).value.getCauseEventId());
        assertEquals(List.of(request("o-2", NotificationKind.ORDER_CONFIRMED, "buyer-o-2@example.com", "paid-2")), requested());
        assertEquals(1.0, t.requestedCount(NotificationKind.ORDER_CONFIRMED), "an e-mail that cannot be sent is not requested");
    }

    @Test
    void anEventThatCannotBeReadIsPassedOverAndTheStreamGoesOn() {
        t.rawOrderEvents.pipeInput("o-1", "not avro".getBytes(StandardCharsets.UTF_8));
        t.orderBecame("o-2", OrderStatus.PENDING, OrderStatus.PAID, "paid-2");

        // the deserialization handler's dead letter is written by the running app's producer, which the
        // TopologyTestDriver does not model: OrderStreamIT reads it back on the broker, with the same settings
        assertEquals(null, t.decided.get("o-1"));
        assertEquals(List.of(request("o-2", NotificationKind.ORDER_CONFIRMED, "buyer-o-2@example.com", "paid-2")), requested());
    }

    @Test
    void anEventKeyedByAnotherOrderGoesToTheDeadLetterTopic() {
        t.orderEvents.pipeInput("o-other", NotificationRulesTest.event("paid-1", OrderStatus.PENDING, OrderStatus.PAID, "buyer@example.com"));
        t.orderBecame("o-2", OrderStatus.PENDING, OrderStatus.PAID, "paid-2");

        assertEquals(1, t.deadLetters.readKeyValuesToList().size());
        assertEquals(null, t.decided.get("o-other"));
        assertEquals(List.of(request("o-2", NotificationKind.ORDER_CONFIRMED, "buyer-o-2@example.com", "paid-2")), requested());
    }
}
