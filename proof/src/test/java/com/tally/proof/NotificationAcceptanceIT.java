package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.fulfillment.FulfillmentConfig;
import com.tally.notification.EmailRenderer;
import com.tally.notification.MessageIds;
import com.tally.notification.MoneyFormat;
import com.tally.notification.NotificationConfig;
import com.tally.notification.NotificationIds;
import com.tally.notification.NotificationKind;
import com.tally.notification.SmtpSettings;
import com.tally.platform.Access;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.proof.mail.HoldingSmtpProxy;
import com.tally.proof.mail.MailServer;
import com.tally.proof.mail.Mailbox;
import com.tally.proof.mail.ReceivedEmail;
import com.tally.proof.sim.Mix;
import com.tally.proof.sim.SimulationRecord;
import com.tally.proof.sim.Simulator;
import com.tally.proof.sim.Stories;
import com.tally.proof.sim.Story;
import com.tally.proof.stack.ProcessStack;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.stack.TallyProcesses;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's acceptance, every process real (a broker, ingest-service, order-stream,
 * fulfillment-stream and notification-stream each in its own JVM; the warehouse, the processor and
 * the mail server, GreenMail, in this one): what reaches the buyers' IMAP inboxes is exactly what
 * they are owed, through a graceful restart, an SMTP outage and dispatchers killed while the server
 * holds its reply to the message, where the only copies beyond one are the in-doubt resends. The
 * verifier's e-mail invariants run over every service in the crash test ({@code ChaosIT}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationAcceptanceIT {

    /** Paid once, every webhook delivered three times. */
    private static final Mix PAID_THRICE = new Mix(2, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private static final Mix PAID_ONCE = new Mix(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private static final Pattern IN_DOUBT_METRIC = Pattern.compile("^tally_notifications_in_doubt_resent_total(?:\\{[^}]*})? (\\S+)$",
            Pattern.MULTILINE);

    @TempDir
    static Path work;

    private static ProcessStack stack;
    private static StackRecords records;
    private static MailServer mail;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<Story> everyOrder = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        stack = new ProcessStack(work.resolve("stack"), 3, TallyProcesses.ALL, Map.of(
                // a restarted notification-stream takes its partitions back at once, and aborts what its predecessor left open
                NotificationConfig.INSTANCE_ID, "acceptance-1",
                FulfillmentConfig.INSTANCE_ID, "acceptance-1",
                // retries every second or two, and enough of them to outlast the outage below
                SmtpSettings.BACKOFF_BASE, "PT0.5S",
                SmtpSettings.BACKOFF_MAX, "PT2S",
                SmtpSettings.MAX_ATTEMPTS, "20",
                KafkaConfig.COMMIT_INTERVAL, "PT0.5S")).start();
        records = new StackRecords(stack);
        mail = stack.mail().orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static String notificationUrl() {
        return stack.url(TallyProcesses.NOTIFICATION_STREAM.name());
    }

    /** Places and pays the orders in the background; the stories are known before the first request. */
    private static CompletableFuture<SimulationRecord.Run> payOrders(int orders, Mix mix, String runId) {
        List<Story> stories = Stories.plan(runId.hashCode(), orders, mix, runId);
        everyOrder.addAll(stories);
        Path record = work.resolve(runId + ".jsonl");
        var settings = new Simulator.Settings(stack.url(TallyProcesses.INGEST.name()), StackEnvironment.DEFAULT_STRIPE_SECRET,
                StackEnvironment.DEFAULT_SHOP_TOKEN, 16, 200, 20, record);
        return CompletableFuture.supplyAsync(() -> {
            try {
                var result = new Simulator(settings, System.out::println).run(stories, mix, runId.hashCode());
                assertEquals(0, result.unexpected(), "every request answered as a processor expects");
                return SimulationRecord.read(record);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<Story> stories(SimulationRecord.Run run) {
        Set<String> ids = run.orders().stream().map(SimulationRecord.OrderLine::orderId).collect(Collectors.toSet());
        return everyOrder.stream().filter(s -> ids.contains(s.orderId())).toList();
    }

    private static String confirmationId(Story story) {
        return NotificationIds.of(story.orderId(), NotificationKind.ORDER_CONFIRMED);
    }

    private static List<NotificationResult> results() {
        var results = AvroSerde.of(NotificationResult.class);
        return CommittedLog.of(stack.kafka(), Topics.NOTIFICATION_RESULTS).stream().map(r -> results.decode(r.value())).toList();
    }

    /** The notification IDs with an outcome (SENT or FAILED) among {@code ids}. */
    private static Set<String> settled(Set<String> ids) {
        return results().stream().filter(r -> ids.contains(r.getNotificationId()))
                .filter(r -> r.getOutcome() == NotificationOutcome.SENT || r.getOutcome() == NotificationOutcome.FAILED)
                .map(NotificationResult::getNotificationId).collect(Collectors.toSet());
    }

    private static void awaitConfirmationsSettled(List<Story> stories) throws Exception {
        Set<String> ids = stories.stream().map(NotificationAcceptanceIT::confirmationId).collect(Collectors.toSet());
        Eventually.await(Duration.ofMinutes(3), "an outcome for each of " + ids.size() + " confirmations", () -> settled(ids),
                done -> done.size() == ids.size());
    }

    /**
     * Until each order has an e-mail of each of {@code kinds} SENT, as notification-stream's query
     * says (it knows an order once its first request is through, and an outcome shortly after the
     * result is committed).
     */
    private static void awaitSent(List<Story> stories, Set<NotificationKind> kinds) throws Exception {
        Set<String> wireNames = kinds.stream().map(NotificationKind::wireName).collect(Collectors.toSet());
        Eventually.await(Duration.ofMinutes(3), kinds + " e-mails SENT for each of " + stories.size() + " orders", () -> {
            int sent = 0;
            for (Story story : stories) {
                for (JsonNode notification : notificationsSoFar(story.orderId())) {
                    boolean counted = wireNames.contains(notification.get("kind").asText());
                    sent += counted && "SENT".equals(notification.get("outcome").asText()) ? 1 : 0;
                }
            }
            return sent;
        }, sent -> sent == kinds.size() * stories.size());
    }

    private static JsonNode notificationsOf(String orderId) throws Exception {
        HttpResponse<String> answer = notificationQuery(orderId);
        assertEquals(200, answer.statusCode(), answer.body());
        return TallyJson.mapper().readTree(answer.body()).get("notifications");
    }

    /** The order's notifications so far: none while notification-stream knows none of them (404). */
    private static JsonNode notificationsSoFar(String orderId) throws Exception {
        HttpResponse<String> answer = notificationQuery(orderId);
        return answer.statusCode() == 404 ? TallyJson.mapper().createArrayNode() : notificationsOf(orderId);
    }

    private static HttpResponse<String> notificationQuery(String orderId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(notificationUrl() + "/notifications/" + orderId))
                .header("Authorization", Access.bearer(StackEnvironment.DEFAULT_OPERATOR_TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** notification-stream's in-doubt counter, as its /metrics says it: derived from the records, so it survives a kill. */
    private static long inDoubtCounter() throws Exception {
        var answer = HTTP.send(HttpRequest.newBuilder(URI.create(notificationUrl() + "/metrics"))
                .header("Authorization", Access.bearer(StackEnvironment.DEFAULT_OPERATOR_TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        Matcher counter = IN_DOUBT_METRIC.matcher(answer.body());
        assertTrue(counter.find(), "tally_notifications_in_doubt_resent_total in " + notificationUrl() + "/metrics");
        return (long) Double.parseDouble(counter.group(1));
    }

    /** Every order of the run has its confirmation e-mail exactly once, in its buyer's inbox, with its amount. */
    private static void assertOneConfirmationEach(List<Story> stories) throws Exception {
        Map<String, List<ReceivedEmail>> received = records.inboxes(stories);
        int confirmations = 0;
        for (Story story : stories) {
            List<ReceivedEmail> copies = received.getOrDefault(MessageIds.of(confirmationId(story)), List.of());
            assertEquals(1, copies.size(), story.orderId() + ": one confirmation e-mail");
            ReceivedEmail email = copies.get(0);
            assertEquals(List.of(story.customerEmail()), email.to(), story.orderId() + ": its buyer");
            String amount = MoneyFormat.format(story.amount(), story.currency(), EmailRenderer.DEFAULT_LOCALE);
            assertTrue(email.text().contains(amount), story.orderId() + ": the amount " + amount + " in " + email.text());
            confirmations += copies.size();
        }
        assertEquals(stories.size(), confirmations);
    }

    @Test
    @Order(1)
    void twoHundredOrdersPaidWithEveryWebhookDeliveredThreeTimesGetTwoHundredConfirmationsThroughARestart() throws Exception {
        var paying = payOrders(200, PAID_THRICE, "thrice");
        List<String> early = everyOrder.stream().map(NotificationAcceptanceIT::confirmationId).toList();
        int settledBefore = Eventually.await(Duration.ofMinutes(2), "the first confirmations sent", () -> settled(Set.copyOf(early)),
                done -> done.size() >= 20).size();

        stack.process(TallyProcesses.NOTIFICATION_STREAM.name()).stop();   // SIGTERM, mid-run
        assertTrue(settledBefore < 200, "stopped mid-run: " + settledBefore + " confirmations settled before");
        stack.restart(TallyProcesses.NOTIFICATION_STREAM.name());

        List<Story> stories = stories(paying.get());
        assertEquals(200, stories.size());
        awaitConfirmationsSettled(stories);
        assertOneConfirmationEach(stories);
        assertEquals(0, inDoubtCounter(), "a graceful stop ends its sends and records them: none is in doubt");
        // and their shipped and delivered e-mails: the next test's outage must find the dispatcher with nothing else to send
        awaitSent(stories, Set.of(NotificationKind.ORDER_CONFIRMED, NotificationKind.SHIPPED, NotificationKind.DELIVERED));

    }

    @Test
    @Order(2)
    void anSmtpOutageDelaysTheEmailsAndEachIsDeliveredOnceWhenTheServerIsBack() throws Exception {
        mail.stopSmtp();
        List<Story> stories;
        try {
            stories = stories(payOrders(20, PAID_ONCE, "outage").get());
            Set<String> ids = stories.stream().map(NotificationAcceptanceIT::confirmationId).collect(Collectors.toSet());
            Eventually.await(Duration.ofMinutes(1), "the dispatcher trying while the server is down",
                    () -> results().stream().filter(r -> ids.contains(r.getNotificationId())).filter(r -> r.getAttempt() >= 2).count(),
                    retries -> retries > 0);
            assertTrue(settled(ids).isEmpty(), "nothing is given up while the retries last");
        } finally {
            mail.startSmtp();
        }
        awaitConfirmationsSettled(stories);
        assertOneConfirmationEach(stories);
        awaitSent(stories, Set.of(NotificationKind.ORDER_CONFIRMED));
        for (Story story : stories) {
            JsonNode confirmation = notificationsOf(story.orderId()).get(0);
            assertEquals("SENT", confirmation.get("outcome").asText(), story.orderId());
            assertEquals(0, confirmation.get("inDoubtResends").asInt(), story.orderId() + ": a refused connection sent nothing");
        }
    }

    @Test
    @Order(3)
    void aMailboxTheServerDoesNotKnowGetsOneFailedResultAndOneAlertPerEmailAndNoRetry() throws Exception {
        List<Story> planned = Stories.plan("unknown".hashCode(), 10, PAID_ONCE, "unknown");
        String unknown = planned.get(0).customerEmail();
        mail.refuse(unknown);
        try {
            assertRefusedOnceEach(unknown);
        } finally {
            mail.accept(unknown);   // the orders of the next test may have the same buyer
        }
    }

    private static void assertRefusedOnceEach(String unknown) throws Exception {
        List<Story> stories = stories(payOrders(10, PAID_ONCE, "unknown").get());
        awaitConfirmationsSettled(stories);
        List<Story> refused = stories.stream().filter(s -> s.customerEmail().equals(unknown)).toList();
        assertTrue(!refused.isEmpty());
        Set<String> refusedIds = refused.stream().map(NotificationAcceptanceIT::confirmationId).collect(Collectors.toSet());

        Map<String, List<NotificationResult>> byId = results().stream().filter(r -> refusedIds.contains(r.getNotificationId()))
                .collect(Collectors.groupingBy(NotificationResult::getNotificationId));
        var alerts = AvroSerde.of(Alert.class);
        Map<String, Long> alertsByCause = CommittedLog.of(stack.kafka(), Topics.ALERTS).stream().map(r -> alerts.decode(r.value()))
                .filter(a -> a.getKind().equals("notification-rejected"))
                .collect(Collectors.groupingBy(Alert::getCauseEventId, Collectors.counting()));
        for (Story story : refused) {
            List<NotificationResult> its = byId.get(confirmationId(story));
            assertEquals(List.of(NotificationOutcome.ATTEMPTED, NotificationOutcome.FAILED), its.stream().map(NotificationResult::getOutcome).toList(),
                    story.orderId() + ": one attempt, one failed result, no retry");
            assertEquals(1L, alertsByCause.getOrDefault(its.get(1).getEventId(), 0L), story.orderId() + ": one alert for the failed result");
        }
        Mailbox box = mail.inbox().read(unknown);
        assertTrue(box.emails().stream().noneMatch(e -> refused.stream().anyMatch(s -> MessageIds.of(confirmationId(s)).equals(e.messageId()))),
                "nothing delivered to the unknown mailbox");
        assertOneConfirmationEach(stories.stream().filter(s -> !s.customerEmail().equals(unknown)).toList());
    }

    /** The last test: it leaves notification-stream sending one at a time through the proxy, which closes with it. */
    @Test
    @Order(4)
    void dispatchersKilledWhileTheServerHoldsItsReplyToTheMessageResendOnlyWhatTheInDoubtCounterCounts() throws Exception {
        long counterBefore = inDoubtCounter();
        try (var proxy = HoldingSmtpProxy.start(0, "localhost", mail.smtpPort())) {
            // one send at a time: at each kill the one attempt without an outcome is the one whose message the server holds
            stack.replace(TallyProcesses.NOTIFICATION_STREAM.name(),
                    Map.of(SmtpSettings.PORT, String.valueOf(proxy.port()), SmtpSettings.MAX_SENDS_IN_FLIGHT, "1"));
            proxy.holdReplies();
            var paying = payOrders(12, PAID_ONCE, "killed");
            for (int kill = 1; kill <= 3; kill++) {
                assertTrue(proxy.awaitHeld(Duration.ofSeconds(90)), "the server holding its reply to a message before kill " + kill);
                stack.process(TallyProcesses.NOTIFICATION_STREAM.name()).kill();
                proxy.release();   // the reply goes to a dead connection: the e-mail was delivered, the dispatcher never heard
                stack.restart(TallyProcesses.NOTIFICATION_STREAM.name());
            }
            proxy.passReplies();
            List<Story> stories = stories(paying.get());
            awaitSent(stories, Set.of(NotificationKind.ORDER_CONFIRMED, NotificationKind.SHIPPED, NotificationKind.DELIVERED));

            long inDoubt = inDoubtCounter() - counterBefore;
            int received = 0;
            int owed = 0;
            int inDoubtOfTheOrders = 0;
            Map<String, List<ReceivedEmail>> inboxes = records.inboxes(stories);
            for (Story story : stories) {
                for (JsonNode notification : notificationsOf(story.orderId())) {
                    assertEquals("SENT", notification.get("outcome").asText(), story.orderId() + " " + notification);
                    owed++;
                    inDoubtOfTheOrders += notification.get("inDoubtResends").asInt();
                    received += inboxes.getOrDefault(notification.get("messageId").asText(), List.of()).size();
                }
            }
            System.out.printf("after 3 kills while the server held its reply: %d e-mails received, %d owed, %d in-doubt resends "
                    + "(counter +%d)%n", received, owed, inDoubtOfTheOrders, inDoubt);
            assertTrue(inDoubt >= 1, "the window was hit: at least one in-doubt resend");
            assertEquals(inDoubtOfTheOrders, inDoubt, "the counter counts exactly the resends the records mark");
            assertEquals(inDoubt, received - owed, "every copy beyond one is an in-doubt resend, and each of those delivered one");
            assertOneConfirmationEachOrAnInDoubtCopy(stories, inboxes);
        }
    }

    /** Every confirmation arrived, to its buyer, once or once more as an in-doubt resend. */
    private static void assertOneConfirmationEachOrAnInDoubtCopy(List<Story> stories, Map<String, List<ReceivedEmail>> inboxes) {
        for (Story story : stories) {
            List<ReceivedEmail> copies = inboxes.getOrDefault(MessageIds.of(confirmationId(story)), List.of());
            assertTrue(!copies.isEmpty(), story.orderId() + ": its confirmation");
            copies.forEach(copy -> assertEquals(List.of(story.customerEmail()), copy.to(), story.orderId()));
        }
    }
}
