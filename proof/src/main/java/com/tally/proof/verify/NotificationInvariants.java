package com.tally.proof.verify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.tally.notification.NotificationDispatcher;
import com.tally.notification.NotificationKind;
import com.tally.notification.NotificationStreamApp;
import com.tally.proof.mail.Inbox;
import com.tally.proof.mail.Mailbox;
import com.tally.proof.mail.ReceivedEmail;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * notification-stream's promise, judged where a customer would judge it, in the inboxes: exactly
 * one e-mail per (order, kind) owed, beyond the in-doubt resends. What each order is owed comes
 * from {@code GET /notifications/{orderId}}; what arrived is read over IMAP from each recipient's
 * inbox. A copy beyond the first is allowed only for a send the dispatcher could not know the
 * outcome of (its in-doubt resends), and the report gives the figures the acceptance test compares:
 * e-mails received, notifications owed, in-doubt resends.
 */
public final class NotificationInvariants implements Invariants {

    public static final String ONE_NOTIFICATION_PER_KIND = "exactly one notification per order and kind its transitions owe";
    public static final String EVERY_NOTIFICATION_SETTLED = "every notification ends SENT or FAILED";
    public static final String EVERY_SENT_EMAIL_RECEIVED = "every sent notification's e-mail in its recipient's inbox";
    public static final String COPIES_WITHIN_IN_DOUBT_RESENDS = "copies of a notification's e-mail beyond one at most its in-doubt resends";
    public static final String NO_EMAIL_UNOWED = "no e-mail in the recipients' inboxes that no notification owes";

    // notification-stream's consumer groups (NotificationStreamApp.APPLICATION_ID, NotificationDispatcher.GROUP_ID)
    static final String OUTBOX_GROUP = NotificationStreamApp.APPLICATION_ID;
    static final String DISPATCHER_GROUP = NotificationDispatcher.GROUP_ID;

    static final String SENT = "SENT";
    static final String FAILED = "FAILED";

    /** How long a notification may still show REQUESTED or ATTEMPTED in the query once the groups caught up: its view trails the results. */
    private static final Duration VIEW_CATCH_UP = Duration.ofSeconds(30);

    /** One notification as {@code GET /notifications/{orderId}} shows it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Notification(String notificationId, String kind, String recipient, Instant requestedAt, String outcome, int attempts,
                               int inDoubtResends, String messageId, String detail, Instant updatedAt) {

        boolean settled() {
            return SENT.equals(outcome) || FAILED.equals(outcome);
        }

        boolean hasInbox() {
            return recipient != null && !recipient.isBlank();
        }
    }

    /** {@code GET /notifications/{orderId}}'s answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OrderNotifications(String orderId, List<Notification> notifications) {

        public OrderNotifications {
            notifications = notifications == null ? List.of() : List.copyOf(notifications);
        }
    }

    /**
     * The run's e-mail in three numbers: e-mails of its notifications in the inboxes, notifications
     * SENT (owed one each), and in-doubt resends. {@code received - owed} is the duplicates a
     * customer saw, and may not exceed {@code inDoubtResends}.
     */
    public record MailFigures(int received, int owed, int inDoubtResends) {

        public int beyondOwed() {
            return received - owed;
        }

        @Override
        public String toString() {
            return "e-mails read back over IMAP: received " + received + ", owed " + owed + " (notifications SENT), in-doubt resends "
                    + inDoubtResends + "; received - owed = " + beyondOwed();
        }
    }

    private final ServiceQuery notifications;
    private final Inbox inbox;

    /**
     * @param notificationUrl notification-stream's, whose query says what each order is owed
     * @param operatorToken   one of its TALLY_OPERATOR_TOKENS
     * @param inbox           the mail server's IMAP, where every recipient's inbox is read
     */
    public NotificationInvariants(String notificationUrl, String operatorToken, Inbox inbox) {
        this.notifications = new ServiceQuery(OUTBOX_GROUP, notificationUrl, operatorToken);
        this.inbox = inbox;
    }

    @Override
    public List<String> topicsRead() {
        return List.of(Topics.ORDER_EVENTS, Topics.NOTIFICATION_REQUESTS, Topics.NOTIFICATION_RESULTS);
    }

    /** The outbox must have taken in the order events, and the dispatcher every request (it holds its offset while it retries). */
    @Override
    public Map<String, List<String>> groupInputs() {
        return Map.of(OUTBOX_GROUP, List.of(Topics.ORDER_EVENTS), DISPATCHER_GROUP, List.of(Topics.NOTIFICATION_REQUESTS));
    }

    @Override
    public List<Check> check(Evidence evidence) throws Exception {
        Set<String> orderIds = new TreeSet<>(evidence.facts().orderIds());
        evidence.progress("asking notification-stream what " + orderIds.size() + " orders are owed");
        Map<String, List<Notification>> owed = askUntilSettled(orderIds, evidence);
        List<Notification> all = owed.values().stream().flatMap(List::stream).toList();
        Set<String> recipients = all.stream().filter(Notification::hasInbox).map(Notification::recipient)
                .collect(Collectors.toCollection(TreeSet::new));
        evidence.progress("reading " + recipients.size() + " inboxes over IMAP at " + inbox.server());
        Map<String, Mailbox> inboxes = inbox.readAll(recipients);
        MailFigures figures = figures(all, inboxes);
        evidence.progress(figures.toString());
        Map<String, Set<String>> kindsOwed = kindsOwed(evidence.read(Topics.ORDER_EVENTS, OrderEvent.class), orderIds);
        return List.of(onePerKind(kindsOwed, owed), settled(owed), sentReceived(owed, inboxes), copiesWithinInDoubtResends(owed, inboxes),
                noneUnowed(all, inboxes, since(all)));
    }

    /** Each order's notifications; those not yet settled are asked again a while, as the query's view may trail the results topic. */
    private Map<String, List<Notification>> askUntilSettled(Collection<String> orderIds, Evidence evidence) throws Exception {
        Map<String, List<Notification>> owed = new TreeMap<>();
        for (String orderId : orderIds) {
            owed.put(orderId, ask(orderId));
        }
        long deadline = System.nanoTime() + VIEW_CATCH_UP.toNanos();
        Set<String> unsettled = unsettledOrders(owed);
        while (!unsettled.isEmpty() && System.nanoTime() < deadline) {
            evidence.progress("waiting for " + unsettled.size() + " orders' notifications to be SENT or FAILED");
            Thread.sleep(1000);
            for (String orderId : unsettled) {
                owed.put(orderId, ask(orderId));
            }
            unsettled = unsettledOrders(owed);
        }
        return owed;
    }

    private List<Notification> ask(String orderId) throws Exception {
        return notifications.get("/notifications/" + ServiceQuery.encode(orderId), OrderNotifications.class)
                .map(OrderNotifications::notifications).orElse(List.of());
    }

    private static Set<String> unsettledOrders(Map<String, List<Notification>> owed) {
        return owed.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(n -> !n.settled())).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The figures of the report: e-mails of the run's notifications in their recipients' inboxes, SENT notifications, in-doubt resends. */
    static MailFigures figures(List<Notification> notifications, Map<String, Mailbox> inboxes) {
        int received = notifications.stream().filter(Notification::hasInbox).mapToInt(n -> copies(n, inboxes)).sum();
        int owed = (int) notifications.stream().filter(n -> SENT.equals(n.outcome())).count();
        int inDoubt = notifications.stream().mapToInt(Notification::inDoubtResends).sum();
        return new MailFigures(received, owed, inDoubt);
    }

    /**
     * The kinds each order is owed, by its own record: one per real transition to a status that
     * has an e-mail, from events that carry the order (OrderEvent v3; older ones owe nothing). So
     * an e-mail the outbox lost, or one it requested for a transition that never happened, shows.
     */
    static Map<String, Set<String>> kindsOwed(List<OrderEvent> events, Set<String> orderIds) {
        var owed = new TreeMap<String, Set<String>>();
        orderIds.forEach(orderId -> owed.put(orderId, new TreeSet<>()));
        for (OrderEvent event : events) {
            Set<String> kinds = owed.get(event.getOrderId());
            boolean carriesTheOrder = event.getCustomerEmail() != null || event.getItems() != null || event.getAmountMinor() != null
                    || event.getCurrency() != null;
            if (kinds != null && event.getFrom() != event.getTo() && carriesTheOrder) {
                NotificationKind.answering(event.getTo()).ifPresent(kind -> kinds.add(kind.wireName()));
            }
        }
        return owed;
    }

    /** Each kind owed has exactly one notification (the outbox requests it once however often its event comes), and no other kind has one. */
    static Check onePerKind(Map<String, Set<String>> kindsOwed, Map<String, List<Notification>> owed) {
        var check = new Check(ONE_NOTIFICATION_PER_KIND);
        kindsOwed.forEach((orderId, kinds) -> {
            Map<String, List<String>> byKind = owed.getOrDefault(orderId, List.of()).stream()
                    .collect(Collectors.groupingBy(Notification::kind, TreeMap::new, Collectors.mapping(Notification::notificationId, Collectors.toList())));
            for (String kind : kinds) {
                List<String> ids = byKind.getOrDefault(kind, List.of());
                check.expect(ids.size() == 1, orderId + ": " + ids.size() + " notifications of kind " + kind + " " + ids
                        + (ids.isEmpty() ? ", which its transitions owe: is notification-stream reading orders.events?" : ""));
            }
            byKind.keySet().stream().filter(kind -> !kinds.contains(kind)).forEach(kind -> check.expect(false, orderId
                    + ": a notification of kind " + kind + " " + byKind.get(kind) + " for a transition orders.events does not hold"));
        });
        return check;
    }

    static Check settled(Map<String, List<Notification>> owed) {
        var check = new Check(EVERY_NOTIFICATION_SETTLED);
        owed.forEach((orderId, notifications) -> notifications.forEach(n -> check.expect(n.settled(), orderId + ": " + n.kind() + " "
                + n.notificationId() + " is " + n.outcome() + " after " + n.attempts() + " attempts: is the dispatcher running, and"
                + " does its SMTP server answer? (docs/RUNBOOK.md, notification-failed)")));
        return check;
    }

    static Check sentReceived(Map<String, List<Notification>> owed, Map<String, Mailbox> inboxes) {
        var check = new Check(EVERY_SENT_EMAIL_RECEIVED);
        owed.forEach((orderId, notifications) -> notifications.stream().filter(n -> SENT.equals(n.outcome())).forEach(n -> {
            if (!n.hasInbox() || n.messageId() == null) {
                check.expect(false, orderId + ": " + n.kind() + " " + n.notificationId() + " SENT with recipient " + n.recipient()
                        + " and Message-ID " + n.messageId());
                return;
            }
            check.expect(copies(n, inboxes) >= 1, orderId + ": " + n.kind() + " " + n.messageId() + " SENT, but not in "
                    + n.recipient() + "'s inbox" + (inboxes.containsKey(n.recipient()) && !inboxes.get(n.recipient()).exists()
                    ? " (the mail server has no mailbox for it: is notification-stream sending to this mail server?)" : ""));
        }));
        return check;
    }

    /**
     * A SENT notification's e-mail may arrive once more per in-doubt resend, a FAILED one once per
     * in-doubt resend (a send whose outcome was lost may have arrived before the last try failed).
     */
    static Check copiesWithinInDoubtResends(Map<String, List<Notification>> owed, Map<String, Mailbox> inboxes) {
        var check = new Check(COPIES_WITHIN_IN_DOUBT_RESENDS);
        owed.forEach((orderId, notifications) -> notifications.stream().filter(Notification::settled).filter(Notification::hasInbox)
                .forEach(n -> {
                    int copies = copies(n, inboxes);
                    int allowed = (SENT.equals(n.outcome()) ? 1 : 0) + n.inDoubtResends();
                    check.expect(copies <= allowed, orderId + ": " + n.kind() + " "
                            + n.messageId() + " " + n.outcome() + " arrived " + copies + " times in " + n.recipient()
                            + "'s inbox with " + n.inDoubtResends() + " in-doubt resends");
                }));
        return check;
    }

    /**
     * Every e-mail the inboxes took since the run's first notification was requested carries the
     * Message-ID of a notification to that recipient. Earlier e-mail is left out: the sandbox's
     * mail server keeps earlier runs' e-mail, and simulated orders share a recipient.
     */
    static Check noneUnowed(List<Notification> notifications, Map<String, Mailbox> inboxes, Instant since) {
        var check = new Check(NO_EMAIL_UNOWED);
        Map<String, Set<String>> owedTo = notifications.stream().filter(Notification::hasInbox).filter(n -> n.messageId() != null)
                .collect(Collectors.groupingBy(Notification::recipient, Collectors.mapping(Notification::messageId, Collectors.toSet())));
        new TreeMap<>(inboxes).forEach((address, mailbox) -> mailbox.emails().stream()
                .filter(e -> since == null || e.receivedAt() == null || !e.receivedAt().isBefore(since))
                .forEach(e -> check.expect(owedTo.getOrDefault(address, Set.of()).contains(e.messageId()), address + ": \""
                        + e.subject() + "\" " + e.messageId() + " received " + e.receivedAt() + ", owed by no notification to it")));
        return check;
    }

    /** The earliest request of the run, to the second as IMAP gives the time an e-mail arrived; null when nothing was requested. */
    static Instant since(List<Notification> notifications) {
        return notifications.stream().map(Notification::requestedAt).filter(Objects::nonNull).min(Comparator.naturalOrder())
                .map(t -> t.truncatedTo(ChronoUnit.SECONDS)).orElse(null);
    }

    private static int copies(Notification n, Map<String, Mailbox> inboxes) {
        Mailbox mailbox = inboxes.get(n.recipient());
        if (mailbox == null || n.messageId() == null) {
            return 0;
        }
        return (int) mailbox.emails().stream().map(ReceivedEmail::messageId).filter(n.messageId()::equals).count();
    }
}
