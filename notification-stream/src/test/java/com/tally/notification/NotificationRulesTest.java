package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.Alert;
import com.tally.schemas.EventIds;
import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderItem;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationRulesTest {

    static final String OPS = "ops@shop.example";
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");
    private static final String ORDER = "o-1";

    static OrderEvent event(String eventId, OrderStatus from, OrderStatus to, String email) {
        return OrderEvent.newBuilder()
                .setEventId(eventId)
                .setCauseEventId("cause-" + eventId)
                .setOrderId(ORDER)
                .setFrom(from)
                .setTo(to)
                .setCause("test")
                .setAt(AT)
                .setCustomerEmail(email)
                .setItems(new ArrayList<>(List.of(new OrderItem("SKU-1", 2))))
                .setAmountMinor(4990L)
                .setCurrency("EUR")
                .build();
    }

    @Test
    void aPaidOrderOwesItsBuyerOneConfirmationCarryingTheOrder() {
        NotificationDecision decision = NotificationRules.decide(Set.of(), event("e-1", OrderStatus.PENDING, OrderStatus.PAID,
                "buyer@example.com"), OPS);

        String id = NotificationIds.of(ORDER, NotificationKind.ORDER_CONFIRMED);
        var expected = NotificationRequested.newBuilder()
                .setEventId(EventIds.derived("e-1", "notification/order-confirmed"))
                .setCauseEventId("e-1")
                .setNotificationId(id)
                .setOrderId(ORDER)
                .setKind("order-confirmed")
                .setRecipient("buyer@example.com")
                .setRequestedAt(AT)
                .setAmountMinor(4990L)
                .setCurrency("EUR")
                .setItems(List.of(new OrderItem("SKU-1", 2)))
                .setStatus("PAID")
                .build();
        assertEquals(new NotificationDecision(Optional.of(id), List.of(expected), List.of(), List.of(), ""), decision);
    }

    @ParameterizedTest
    @EnumSource(NotificationKind.class)
    void eachKindAnswersItsTransitionWithItsWireName(NotificationKind kind) {
        NotificationDecision decision = NotificationRules.decide(Set.of(), event("e-1", OrderStatus.PENDING, kind.target(),
                "buyer@example.com"), OPS);

        assertEquals(1, decision.requests().size());
        NotificationRequested request = decision.requests().get(0);
        assertEquals(kind.wireName(), request.getKind());
        assertEquals(kind.target().name(), request.getStatus());
        assertEquals(kind == NotificationKind.NEEDS_REVIEW ? OPS : "buyer@example.com", request.getRecipient());
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"PENDING", "FULFILLMENT_REQUESTED", "FULFILLMENT_ACCEPTED", "REFUND_REQUESTED", "UNKNOWN"})
    void transitionsNoEmailAnswersOweNothing(OrderStatus to) {
        NotificationDecision decision = NotificationRules.decide(Set.of(), event("e-1", OrderStatus.PAID, to, "buyer@example.com"), OPS);

        assertEquals(Optional.empty(), decision.decided());
        assertTrue(decision.requests().isEmpty() && decision.alerts().isEmpty() && decision.results().isEmpty());
    }

    @Test
    void anEventRecordedWithoutATransitionOwesNothing() {
        NotificationDecision decision = NotificationRules.decide(Set.of(), event("e-1", OrderStatus.PAID, OrderStatus.PAID,
                "buyer@example.com"), OPS);

        assertEquals(Optional.empty(), decision.decided());
        assertTrue(decision.requests().isEmpty());
    }

    @Test
    void aKindAlreadyDecidedForTheOrderIsNotRequestedAgainWhateverTheEvent() {
        Set<String> decided = Set.of(NotificationIds.of(ORDER, NotificationKind.ORDER_CONFIRMED));

        NotificationDecision decision = NotificationRules.decide(decided, event("another-event", OrderStatus.PAYMENT_FAILED,
                OrderStatus.PAID, "buyer@example.com"), OPS);

        assertEquals(Optional.empty(), decision.decided());
        assertTrue(decision.requests().isEmpty());
    }

    @Test
    void theSameEventDecidesTheSameRecordsEachTime() {
        OrderEvent paid = event("e-1", OrderStatus.PENDING, OrderStatus.PAID, "buyer@example.com");

        assertEquals(NotificationRules.decide(Set.of(), paid, OPS), NotificationRules.decide(Set.of(), paid, OPS));
    }

    @Test
    void inputIsNeverMutated() {
        OrderEvent paid = event("e-1", OrderStatus.PENDING, OrderStatus.PAID, "buyer@example.com");
        String before = paid.toString();
        Set<String> decided = Set.of("ntf_other");

        NotificationDecision decision = NotificationRules.decide(decided, paid, OPS);
        decision.requests().get(0).getItems().add(new OrderItem("SKU-2", 1));

        assertEquals(before, paid.toString());
        assertEquals(Set.of("ntf_other"), decided);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "n/a", "buyer@", "@example.com", "a b@example.com", "buyer@localhost"})
    void anUnusableCustomerAddressIsOneAlertAndNoRequest(String email) {
        NotificationDecision decision = NotificationRules.decide(Set.of(), event("e-1", OrderStatus.PENDING, OrderStatus.PAID, email), OPS);

        String id = NotificationIds.of(ORDER, NotificationKind.ORDER_CONFIRMED);
        assertEquals(Optional.of(id), decision.decided(), "decided, so the next event for the order does not raise it again");
        assertTrue(decision.requests().isEmpty());
        assertEquals(1, decision.alerts().size());
        Alert alert = decision.alerts().get(0);
        assertEquals(NotificationRules.NO_RECIPIENT, alert.getKind());
        assertEquals(Severity.WARNING, alert.getSeverity());
        assertEquals(ORDER, alert.getSubject());
        assertEquals("e-1", alert.getCauseEventId());
        assertEquals(EventIds.derived("e-1", "notification-no-recipient/order-confirmed"), alert.getEventId());
    }

    @Test
    void anOwedEmailWithNobodyToSendItToIsRecordedAsFailedWithItsAlert() {
        NotificationDecision decision = NotificationRules.decide(Set.of(), event("e-1", OrderStatus.PENDING, OrderStatus.PAID,
                "n/a"), OPS);

        Alert alert = decision.alerts().get(0);
        var expected = NotificationResult.newBuilder()
                .setEventId(EventIds.derived("e-1", "notification-no-recipient/result/order-confirmed"))
                .setCauseEventId("e-1")
                .setNotificationId(NotificationIds.of(ORDER, NotificationKind.ORDER_CONFIRMED))
                .setOrderId(ORDER)
                .setOutcome(NotificationOutcome.FAILED)
                .setDetail("notification-no-recipient: " + alert.getDetail())
                .setAt(AT)
                .setAttempt(0)
                .setMessageId(null)
                .setInDoubtResend(false)
                .build();
        assertEquals(List.of(expected), decision.results());
        assertTrue(expected.getDetail().contains("contact the customer another way"), expected.getDetail());
    }

    @Test
    void aMissingCustomerAddressOnAnEventWithTheOrderIsAnAlert() {
        NotificationDecision decision = NotificationRules.decide(Set.of(), event("e-1", OrderStatus.PENDING, OrderStatus.PAID, null), OPS);

        assertEquals(1, decision.alerts().size());
        assertTrue(decision.alerts().get(0).getDetail().contains("is missing"), decision.alerts().get(0).getDetail());
    }

    @Test
    void needsReviewWithoutAnOperationsAddressIsAnAlertThatSaysWhatToSet() {
        NotificationDecision decision = NotificationRules.decide(Set.of(), event("e-1", OrderStatus.PAID, OrderStatus.NEEDS_REVIEW,
                "buyer@example.com"), "");

        assertTrue(decision.requests().isEmpty());
        assertEquals(1, decision.alerts().size());
        assertEquals(1, decision.results().size());
        assertTrue(decision.alerts().get(0).getDetail().contains("TALLY_OPS_EMAIL"), decision.alerts().get(0).getDetail());
    }

    @Test
    void anEventWrittenBeforeOrderEventsCarriedTheOrderOwesNothing() {
        OrderEvent old = OrderEvent.newBuilder().setEventId("paid-v2").setCauseEventId("charge").setOrderId(ORDER)
                .setFrom(OrderStatus.PENDING).setTo(OrderStatus.PAID).setCause("payment-succeeded").setAt(AT).build();

        NotificationDecision decision = NotificationRules.decide(Set.of(), old, OPS);

        assertEquals(Optional.empty(), decision.decided());
        assertTrue(decision.requests().isEmpty() && decision.alerts().isEmpty());
    }

    @Test
    void theNotificationIdComesFromOrderAndKindAlone() {
        assertEquals("ntf_" + UUID.nameUUIDFromBytes("o-1/order-confirmed".getBytes(StandardCharsets.UTF_8)),
                NotificationIds.of("o-1", NotificationKind.ORDER_CONFIRMED));
        assertEquals(Optional.of(NotificationKind.REFUND_ISSUED), NotificationKind.fromWireName("refund-issued"));
        assertEquals(Optional.of(NotificationKind.REFUND_ISSUED), NotificationKind.answering(OrderStatus.REFUNDED));
    }
}
