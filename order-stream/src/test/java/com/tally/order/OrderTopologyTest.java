package com.tally.order;

import static com.tally.order.Fixtures.failed;
import static com.tally.order.Fixtures.order;
import static com.tally.order.Fixtures.succeeded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.Alert;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderItem;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderTopologyTest {

    @TempDir
    Path stateDir;

    private OrderDriver t;
    private TestInputTopic<String, WebhookReceived> webhooks;
    private TestInputTopic<String, OrderPlaced> placements;
    private TestOutputTopic<String, PaymentEvent> paymentEvents;
    private TestOutputTopic<String, OrderEvent> orderEvents;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void startDriver() {
        startDriver(OrderDriver.settings(stateDir));
    }

    private void startDriver(Properties settings) {
        if (t != null) {
            t.close();
        }
        t = new OrderDriver(settings);
        webhooks = t.webhooks;
        placements = t.placements;
        paymentEvents = t.paymentEvents;
        orderEvents = t.orderEvents;
        alerts = t.alerts;
    }

    @AfterEach
    void closeDriver() {
        t.close();
    }

    private OrderState stored(String orderId) {
        return t.order(orderId);
    }

    private static List<OrderStatus> statuses(List<OrderEvent> events) {
        return OrderDriver.targets(events);
    }

    @Test
    void paymentForPlacedOrderMovesItFromPendingToPaid() {
        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990));

        OrderState state = stored("o-1");
        assertEquals(OrderStatus.PAID, state.getStatus());
        assertEquals(1, state.getPayments().size());
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAID), statuses(orderEvents.readValuesToList()));
        var payment = paymentEvents.readKeyValuesToList();
        assertEquals(1, payment.size());
        assertEquals("o-1", payment.get(0).key, "payment events are re-keyed by order ID");
    }

    @Test
    void everyPublishedTransitionCarriesTheOrderAsItStandsAfterItsInput() {
        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990));

        List<OrderEvent> published = orderEvents.readValuesToList();
        assertEquals(2, published.size());
        for (OrderEvent event : published) {
            assertEquals("ada@example.com", event.getCustomerEmail(), event.getTo().name());
            assertEquals(List.of(new OrderItem("SKU-1", 2)), event.getItems(), event.getTo().name());
            assertEquals(4_990L, event.getAmountMinor(), event.getTo().name());
            assertEquals("EUR", event.getCurrency(), event.getTo().name());
        }
        assertNull(published.get(0).getPaidTransactionId(), "PENDING: nothing paid yet");
        assertEquals("pi_1", published.get(1).getPaidTransactionId(), "PAID: the charge booked to sales");
        for (OrderEvent entry : stored("o-1").getHistory()) {
            assertNull(entry.getCustomerEmail(), "the order's own history holds no copy of its details");
            assertNull(entry.getItems());
        }
    }

    @Test
    void aChargeThatDoesNotMatchTheOrderIsNotItsPayingTransaction() {
        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 1_000));

        List<OrderEvent> published = orderEvents.readValuesToList();
        assertEquals(OrderStatus.NEEDS_REVIEW, published.get(published.size() - 1).getTo());
        assertNull(published.get(published.size() - 1).getPaidTransactionId(), "booked to suspense, not sales");
    }

    @Test
    void duplicateDeliveryChangesTheOrderOnce() {
        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990));
        webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990));
        webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990));

        assertEquals(1, paymentEvents.readValuesToList().size());
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAID), statuses(orderEvents.readValuesToList()));
        assertEquals(1, stored("o-1").getPayments().size());
        assertEquals(2, stored("o-1").getHistory().size());
    }

    @Test
    void twoDifferentEventsForOneChargeRecordOnePayment() {
        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990));
        webhooks.pipeInput("pi_1", Fixtures.webhook("evt_2", "charge.succeeded", PaymentKind.SUCCEEDED,
                "pi_1", "o-1", 4_990, "EUR"));

        assertEquals(1, paymentEvents.readValuesToList().size());
        assertEquals(1, stored("o-1").getPayments().size());
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAID), statuses(orderEvents.readValuesToList()));
    }

    @Test
    void webhookBeforeItsOrderIsHeldThenAppliedWhenTheOrderArrives() {
        webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990));

        assertNull(stored("o-1").getStatus(), "no order yet: the payment is held, not applied");
        assertEquals(1, stored("o-1").getHeldPayments().size());
        assertTrue(orderEvents.isEmpty());

        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));

        OrderState state = stored("o-1");
        assertEquals(OrderStatus.PAID, state.getStatus());
        assertEquals(0, state.getHeldPayments().size());
        assertEquals(1, state.getPayments().size());
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAID), statuses(orderEvents.readValuesToList()));
    }

    @Test
    void failedPaymentThenSuccessEndsPaid() {
        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        webhooks.pipeInput("pi_1", failed("evt_1", "pi_1", "o-1", 4_990));

        assertEquals(OrderStatus.PAYMENT_FAILED, stored("o-1").getStatus());

        webhooks.pipeInput("pi_1", succeeded("evt_2", "pi_1", "o-1", 4_990));

        OrderState state = stored("o-1");
        assertEquals(OrderStatus.PAID, state.getStatus());
        assertEquals(1, state.getPayments().size());
        assertEquals(1, state.getFailedPayments().size());
        List<OrderEvent> events = orderEvents.readValuesToList();
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAYMENT_FAILED, OrderStatus.PAID), statuses(events));
        assertEquals(OrderStatus.PAYMENT_FAILED, events.get(2).getFrom());
    }

    @Test
    void undeserializableRecordGoesToDeadLettersAndProcessingContinues() {
        // TopologyTestDriver loses a dead letter written under exactly_once_v2 (it is sent while a
        // record is deserialized, outside the driver's commit of a processed record), so this
        // test runs the same handlers at-least-once; OrderStreamIT proves it on a real broker with EOS.
        Properties settings = OrderDriver.settings(stateDir);
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        startDriver(settings);

        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        t.rawPlacements.pipeInput("o-bad", garbage);
        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));

        var dead = t.deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertArrayEquals(garbage, dead.get(0).value(), "the original bytes are kept");
        assertArrayEquals("o-bad".getBytes(StandardCharsets.UTF_8), dead.get(0).key(), "under the original key");
        assertNotNull(dead.get(0).headers().lastHeader("__streams.errors.exception"), "with the error in its headers");
        assertEquals(OrderStatus.PENDING, stored("o-1").getStatus(), "the next record is still processed");
        assertNull(stored("o-bad"));
    }

    @Test
    void paymentWithoutOrderIdRaisesAnAlertKeyedByTransaction() {
        webhooks.pipeInput("pi_9", succeeded("evt_9", "pi_9", null, 1_000));

        var raised = alerts.readKeyValuesToList();
        assertEquals(1, raised.size());
        assertEquals("pi_9", raised.get(0).key);
        assertEquals("payment-without-order-id", raised.get(0).value.getKind());
        assertTrue(paymentEvents.isEmpty());
    }

    @Test
    void poisonEventForOneOrderGoesToDeadLettersAndOtherOrdersGoOn() {
        placements.pipeInput("o-2", order("o-1", 4_990, "EUR"));   // keyed by another order than it names
        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));

        var dead = t.deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertArrayEquals("o-2".getBytes(StandardCharsets.UTF_8), dead.get(0).key());
        var headers = dead.get(0).headers();
        assertEquals(Topics.ORDERS_PLACED, new String(headers.lastHeader("__streams.errors.topic").value(), StandardCharsets.UTF_8));
        assertNotNull(headers.lastHeader("__streams.errors.partition"));
        assertNotNull(headers.lastHeader("__streams.errors.offset"));
        assertTrue(new String(headers.lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8)
                .contains("key records by order ID"));
        assertNull(stored("o-2"));
        assertEquals(OrderStatus.PENDING, stored("o-1").getStatus(), "the next order is processed");
        assertEquals(List.of(OrderStatus.PENDING), statuses(orderEvents.readValuesToList()));
    }

    @Test
    void everyOutputCarriesTheTimeOfTheInputThatCausedIt() {
        Instant placedAt = Fixtures.T0.plusSeconds(5);
        Instant paidAt = Fixtures.T0.plusSeconds(60);

        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"), placedAt);
        webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990), paidAt);

        assertEquals(List.of(placedAt, paidAt), orderEvents.readRecordsToList().stream().map(TestRecord::getRecordTime).toList());
        assertEquals(List.of(paidAt), t.ledger.readRecordsToList().stream().map(TestRecord::getRecordTime).toList());
    }

    @Test
    void alertForAPaymentWhoseOrderNeverCameCarriesTheTimeItWasRaised() {
        webhooks.pipeInput("pi_1", succeeded("evt_1", "pi_1", "o-1", 4_990));

        t.driver.advanceWallClockTime(Duration.ofMinutes(61));

        var raised = alerts.readRecordsToList();
        assertEquals(List.of("payment-for-unknown-order"), raised.stream().map(r -> r.value().getKind()).toList());
        assertEquals(Fixtures.T0.plus(Duration.ofMinutes(61)), raised.get(0).getRecordTime());
    }

    @Test
    void unsupportedEventTypeIsIgnored() {
        placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        webhooks.pipeInput("cus_1", Fixtures.webhook("evt_5", "customer.created", PaymentKind.UNSUPPORTED,
                "cus_1", "o-1", 0, "EUR"));

        assertTrue(paymentEvents.isEmpty());
        assertEquals(OrderStatus.PENDING, stored("o-1").getStatus());
    }
}
