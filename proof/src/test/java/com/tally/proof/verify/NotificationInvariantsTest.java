package com.tally.proof.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tally.platform.TallyJson;
import com.tally.proof.mail.Mailbox;
import com.tally.proof.mail.ReceivedEmail;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderStatus;
import com.tally.proof.verify.NotificationInvariants.MailFigures;
import com.tally.proof.verify.NotificationInvariants.Notification;
import com.tally.proof.verify.NotificationInvariants.OrderNotifications;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The e-mail invariants on hand-made evidence: what notification-stream says is owed, what the inboxes hold. */
class NotificationInvariantsTest {

    private static final String ANN = "ann@example.com";
    private static final Instant REQUESTED = Instant.parse("2026-03-03T10:00:00.700Z");

    private static Notification notification(String orderId, String kind, String outcome, int inDoubtResends) {
        return new Notification("ntf_" + orderId + "_" + kind, kind, ANN, REQUESTED, outcome, 1 + inDoubtResends, inDoubtResends,
                "<ntf_" + orderId + "_" + kind + "@tally>", null, REQUESTED.plusSeconds(1));
    }

    private static ReceivedEmail email(String messageId, Instant receivedAt) {
        return new ReceivedEmail(messageId, "shop@example.com", List.of(ANN), "subject", receivedAt, receivedAt, "text");
    }

    private static Map<String, Mailbox> annHolds(String... messageIds) {
        return Map.of(ANN, new Mailbox(ANN, true, Arrays.stream(messageIds).map(id -> email(id, REQUESTED.plusSeconds(2))).toList()));
    }

    private static Map<String, List<Notification>> owed(Notification... notifications) {
        Map<String, List<Notification>> byOrder = new TreeMap<>();
        for (Notification n : notifications) {
            byOrder.computeIfAbsent(n.notificationId().split("_")[1], o -> new java.util.ArrayList<>()).add(n);
        }
        return byOrder;
    }

    @Test
    void oneE_mailPerSentNotificationHoldsEveryCheck() {
        var confirmed = notification("o1", "order-confirmed", "SENT", 0);
        var shipped = notification("o1", "shipped", "SENT", 0);
        var inboxes = annHolds(confirmed.messageId(), shipped.messageId());
        var owed = owed(confirmed, shipped);

        var kinds = Map.of("o1", Set.of("order-confirmed", "shipped"));
        for (Check check : List.of(NotificationInvariants.onePerKind(kinds, owed), NotificationInvariants.settled(owed),
                NotificationInvariants.sentReceived(owed, inboxes), NotificationInvariants.copiesWithinInDoubtResends(owed, inboxes),
                NotificationInvariants.noneUnowed(List.of(confirmed, shipped), inboxes, NotificationInvariants.since(List.of(confirmed))))) {
            assertEquals(2, check.checked(), check.invariant());
            assertEquals(List.of(), check.offenders(), check.invariant());
        }
        assertEquals(new MailFigures(2, 2, 0), NotificationInvariants.figures(List.of(confirmed, shipped), inboxes));
    }

    @Test
    void aSecondCopyIsAllowedOnlyForAnInDoubtResend() {
        var resent = notification("o1", "order-confirmed", "SENT", 1);
        var notResent = notification("o2", "order-confirmed", "SENT", 0);
        var inboxes = annHolds(resent.messageId(), resent.messageId(), notResent.messageId(), notResent.messageId());

        Check copies = NotificationInvariants.copiesWithinInDoubtResends(owed(resent, notResent), inboxes);

        assertEquals(2, copies.checked());
        assertEquals(List.of("o2: order-confirmed <ntf_o2_order-confirmed@tally> SENT arrived 2 times in ann@example.com's inbox"
                + " with 0 in-doubt resends"), copies.offenders());
        assertEquals(new MailFigures(4, 2, 1), NotificationInvariants.figures(List.of(resent, notResent), inboxes));
    }

    @Test
    void aFailedNotificationsE_mailMayHaveArrivedOnlyThroughAnInDoubtResend() {
        var failedAfterResend = notification("o1", "order-confirmed", "FAILED", 1);
        var failed = notification("o2", "order-confirmed", "FAILED", 0);
        var inboxes = annHolds(failedAfterResend.messageId(), failed.messageId());

        Check copies = NotificationInvariants.copiesWithinInDoubtResends(owed(failedAfterResend, failed), inboxes);

        assertEquals(List.of("o2: order-confirmed <ntf_o2_order-confirmed@tally> FAILED arrived 1 times in ann@example.com's inbox"
                + " with 0 in-doubt resends"), copies.offenders());
        assertEquals(new MailFigures(2, 0, 1), NotificationInvariants.figures(List.of(failedAfterResend, failed), inboxes));
    }

    @Test
    void aSentNotificationMissingFromItsInboxIsNamed() {
        var sent = notification("o1", "order-confirmed", "SENT", 0);

        Check received = NotificationInvariants.sentReceived(owed(sent), Map.of(ANN, new Mailbox(ANN, false, List.of())));

        assertEquals(List.of("o1: order-confirmed <ntf_o1_order-confirmed@tally> SENT, but not in ann@example.com's inbox"
                + " (the mail server has no mailbox for it: is notification-stream sending to this mail server?)"), received.offenders());
    }

    @Test
    void anE_mailNoNotificationOwesIsNamedButEarlierRunsE_mailIsLeftOut() {
        var sent = notification("o1", "order-confirmed", "SENT", 0);
        var inboxes = Map.of(ANN, new Mailbox(ANN, true, List.of(
                email("<ntf_earlier_run@tally>", Instant.parse("2026-03-03T09:59:59Z")),
                email(sent.messageId(), Instant.parse("2026-03-03T10:00:00Z")),   // IMAP's second, before the request's millisecond
                email("<stray@tally>", Instant.parse("2026-03-03T10:00:05Z")))));

        Check unowed = NotificationInvariants.noneUnowed(List.of(sent), inboxes, NotificationInvariants.since(List.of(sent)));

        assertEquals(2, unowed.checked());
        assertEquals(List.of("ann@example.com: \"subject\" <stray@tally> received 2026-03-03T10:00:05Z, owed by no notification to it"),
                unowed.offenders());
    }

    @Test
    void aNotificationStillRequestedOrAttemptedIsUnsettled() {
        var attempted = notification("o1", "order-confirmed", "ATTEMPTED", 0);
        var requested = notification("o2", "order-confirmed", "REQUESTED", 0);

        Check settled = NotificationInvariants.settled(owed(attempted, requested));

        assertEquals(2, settled.violations());
    }

    @Test
    void twoNotificationsOfOneKindForAnOrderAreNamed() {
        var first = notification("o1", "order-confirmed", "SENT", 0);
        var second = new Notification("ntf_o1_other", "order-confirmed", ANN, REQUESTED, "SENT", 1, 0, "<ntf_o1_other@tally>", null, REQUESTED);

        Check onePerKind = NotificationInvariants.onePerKind(Map.of("o1", Set.of("order-confirmed")), owed(first, second));

        assertEquals(List.of("o1: 2 notifications of kind order-confirmed [ntf_o1_order-confirmed, ntf_o1_other]"), onePerKind.offenders());
    }

    @Test
    void aKindTheTransitionsOweWithoutItsNotificationIsAViolationAndSoIsOneTheyDoNotOwe() {
        var shipped = notification("o1", "shipped", "SENT", 0);

        Check onePerKind = NotificationInvariants.onePerKind(Map.of("o1", Set.of("order-confirmed")), owed(shipped));

        assertEquals(List.of("o1: 0 notifications of kind order-confirmed [], which its transitions owe: is notification-stream reading"
                + " orders.events?", "o1: a notification of kind shipped [ntf_o1_shipped] for a transition orders.events does not hold"),
                onePerKind.offenders());
    }

    @Test
    void theKindsOwedComeFromRealTransitionsOfEventsThatCarryTheOrder() {
        var paid = event("o1", OrderStatus.PENDING, OrderStatus.PAID, "ann@example.com");
        var repeated = event("o1", OrderStatus.PAID, OrderStatus.PAID, "ann@example.com");
        var requested = event("o1", OrderStatus.PAID, OrderStatus.FULFILLMENT_REQUESTED, "ann@example.com");
        var old = event("o2", OrderStatus.PENDING, OrderStatus.PAID, null);

        var owed = NotificationInvariants.kindsOwed(List.of(paid, repeated, requested, old), Set.of("o1", "o2"));

        assertEquals(Map.of("o1", Set.of("order-confirmed"), "o2", Set.of()), owed);
    }

    private static OrderEvent event(String orderId, OrderStatus from, OrderStatus to, String email) {
        return OrderEvent.newBuilder().setEventId("e-" + orderId + to).setOrderId(orderId).setFrom(from).setTo(to).setCause("test")
                .setCauseEventId("c").setService("order-stream").setAt(REQUESTED).setCustomerEmail(email).build();
    }

    @Test
    void theNoRecipientFailureNeedsNoInboxAndIsSettled() {
        var noRecipient = new Notification("ntf_o1", "order-confirmed", null, REQUESTED, "FAILED", 0, 0, null, "no usable e-mail address", REQUESTED);
        var owed = owed(noRecipient);

        assertEquals(0, NotificationInvariants.settled(owed).violations());
        assertEquals(0, NotificationInvariants.copiesWithinInDoubtResends(owed, Map.of()).checked());
        assertEquals(0, NotificationInvariants.sentReceived(owed, Map.of()).checked());
    }

    @Test
    void theQueryAnswerOfTheContractIsRead() throws Exception {
        String answer = """
                {"orderId":"o-1","notifications":[{"notificationId":"ntf_1","kind":"order-confirmed","recipient":"a@example.com",
                "requestedAt":"2026-03-03T10:00:00.700Z","outcome":"SENT","attempts":2,"inDoubtResends":1,"messageId":"<ntf_1@tally>",
                "detail":null,"updatedAt":"2026-03-03T10:00:02Z","somethingNew":true}]}""";

        var read = TallyJson.mapper().readValue(answer, OrderNotifications.class);

        assertEquals(new OrderNotifications("o-1", List.of(new Notification("ntf_1", "order-confirmed", "a@example.com", REQUESTED, "SENT", 2,
                1, "<ntf_1@tally>", null, Instant.parse("2026-03-03T10:00:02Z")))), read);
    }
}
