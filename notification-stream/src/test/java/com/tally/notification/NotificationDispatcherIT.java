package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.OrderItem;
import com.tally.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notification dispatcher on the shared broker, sending to a real GreenMail (SMTP and IMAP)
 * behind {@link RejectingSmtpFront}, which answers 550 for addresses starting with
 * {@code unknown-}: GreenMail itself takes mail for any address. Each test starts its own
 * dispatcher, so each start reads {@code notifications.results} afresh, and names its orders
 * after the run.
 */
class NotificationDispatcherIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AvroSerde<NotificationRequested> REQUESTS = AvroSerde.of(NotificationRequested.class);
    private static final AvroSerde<NotificationResult> RESULTS = AvroSerde.of(NotificationResult.class);
    private static final AvroSerde<Alert> ALERTS = AvroSerde.of(Alert.class);
    private static final String IN_DOUBT = "tally.notifications.in.doubt.resent";

    private static ServerSetup smtp;
    private static ServerSetup imap;
    private static GreenMail greenMail;
    private static RejectingSmtpFront front;
    private static KafkaConfig kafka;
    private static KafkaProducer<String, byte[]> producer;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<NotificationDispatcher> dispatchers = new ArrayList<>();

    @BeforeAll
    static void startMailAndKafka() throws Exception {
        smtp = new ServerSetup(FreePort.pick(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        imap = new ServerSetup(FreePort.pick(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        greenMail = startGreenMail();
        front = new RejectingSmtpFront(smtp.getPort(), "unknown-");
        kafka = KafkaConfig.fromEnv(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers(), KafkaConfig.PARTITIONS, "3"));
        TopicProvisioner.provision(kafka, TopicProvisioner.tallyTopics(NotificationStreamApp.DEAD_LETTER_OWNERS));
        producer = new KafkaProducer<>(KafkaDefaults.producer(kafka, "notification-dispatcher-it"));
    }

    @AfterAll
    static void stopMailAndKafka() throws Exception {
        producer.close();
        front.close();
        greenMail.stop();
    }

    @AfterEach
    void stopDispatchers() {
        dispatchers.forEach(NotificationDispatcher::close);
    }

    private static GreenMail startGreenMail() {
        var started = new GreenMail(new ServerSetup[] {smtp, imap});
        started.start();
        return started;
    }

    /** A dispatcher through the front, with short timeouts and waits; ready once it has read the results. */
    private NotificationDispatcher dispatcher(SimpleMeterRegistry registry) throws Exception {
        var variables = new HashMap<String, String>();
        variables.put(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        variables.put(KafkaConfig.PARTITIONS, "3");
        variables.put("TALLY_OPERATOR_TOKENS", "operator-token-0123456789abcdef");
        variables.put(SmtpSettings.HOST, "127.0.0.1");
        variables.put(SmtpSettings.PORT, String.valueOf(front.port()));
        variables.put(SmtpSettings.TIMEOUT, "PT5S");
        variables.put(SmtpSettings.BACKOFF_BASE, "PT0.1S");
        // up to 20 sends, at most 1 s apart: enough to outlast the server being down for a moment
        variables.put(SmtpSettings.BACKOFF_MAX, "PT1S");
        variables.put(SmtpSettings.MAX_ATTEMPTS, "20");
        var dispatcher = new NotificationDispatcher(NotificationConfig.fromEnv(variables), registry);
        dispatchers.add(dispatcher);
        dispatcher.start();
        Eventually.await(WAIT, "dispatcher ready", () -> dispatcher.readiness().check(), status -> status.ready());
        return dispatcher;
    }

    private String order(String name) {
        return "o-" + run + "-" + name;
    }

    private static NotificationRequested request(String orderId, String recipient) throws Exception {
        var request = NotificationRequested.newBuilder()
                .setEventId("evt-" + orderId)
                .setCauseEventId("order-evt-" + orderId)
                .setNotificationId(NotificationIds.of(orderId, NotificationKind.ORDER_CONFIRMED))
                .setOrderId(orderId)
                .setKind(NotificationKind.ORDER_CONFIRMED.wireName())
                .setRecipient(recipient)
                .setRequestedAt(Instant.parse("2026-03-01T12:00:00Z"))
                .setAmountMinor(4250)
                .setCurrency("EUR")
                .setItems(List.of(new OrderItem("sku-1", 2)))
                .setStatus("PAID")
                .build();
        producer.send(new ProducerRecord<>(Topics.NOTIFICATION_REQUESTS, orderId, REQUESTS.encode(request))).get();
        return request;
    }

    private static <T extends SpecificRecord> List<T> committed(String topic, String orderId, AvroSerde<T> serde) {
        return CommittedLog.of(kafka, topic).stream().filter(record -> orderId.equals(record.key()))
                .map(record -> serde.decode(record.value())).toList();
    }

    private static List<NotificationResult> results(String orderId, NotificationOutcome outcome) {
        return committed(Topics.NOTIFICATION_RESULTS, orderId, RESULTS).stream().filter(result -> result.getOutcome() == outcome).toList();
    }

    /** The order's one outcome (SENT or FAILED), after a moment more, so a second one would show. */
    private static NotificationResult awaitOnlyOutcome(String orderId) throws Exception {
        Eventually.await(WAIT, "an outcome for " + orderId, () -> outcomes(orderId), found -> !found.isEmpty());
        Thread.sleep(500);
        var outcomes = outcomes(orderId);
        assertEquals(1, outcomes.size(), outcomes.toString());
        return outcomes.get(0);
    }

    private static List<NotificationResult> outcomes(String orderId) {
        return committed(Topics.NOTIFICATION_RESULTS, orderId, RESULTS).stream()
                .filter(result -> result.getOutcome() == NotificationOutcome.SENT || result.getOutcome() == NotificationOutcome.FAILED).toList();
    }

    private static List<MimeMessage> received(String recipient) throws Exception {
        var found = new ArrayList<MimeMessage>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            if (Arrays.stream(message.getAllRecipients()).anyMatch(address -> address.toString().equals(recipient))) {
                found.add(message);
            }
        }
        return found;
    }

    /** The recipient's inbox read over IMAP, as a mail client would: login and password are the address. */
    private static List<String[]> inboxOverImap(String recipient) throws Exception {
        var store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", imap.getPort(), recipient, recipient);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            var seen = new ArrayList<String[]>();
            for (Message message : inbox.getMessages()) {
                seen.add(new String[] {message.getSubject(), message.getHeader("Message-ID")[0], message.getRecipients(Message.RecipientType.TO)[0].toString()});
            }
            inbox.close(false);
            return seen;
        } finally {
            store.close();
        }
    }

    @Test
    void eachRequestIsOneEmailWithItsMessageIdAndOneSentResult() throws Exception {
        dispatcher(new SimpleMeterRegistry());
        var requests = new ArrayList<NotificationRequested>();
        for (int i = 0; i < 5; i++) {
            requests.add(request(order("sent-" + i), "buyer-" + run + "-" + i + "@shop.example"));
        }

        Eventually.await(WAIT, "an outcome for each request", () -> resultsOf(requests),
                all -> requests.stream().allMatch(request -> all.stream().anyMatch(result -> isOutcomeOf(result, request))));
        Thread.sleep(500);
        var all = resultsOf(requests);
        var alerts = CommittedLog.of(kafka, Topics.ALERTS).stream().filter(record -> record.key().startsWith(order("sent-"))).toList();
        assertEquals(List.of(), alerts);
        for (NotificationRequested request : requests) {
            var mine = all.stream().filter(result -> result.getOrderId().equals(request.getOrderId())).toList();
            assertEquals(List.of(NotificationOutcome.ATTEMPTED, NotificationOutcome.SENT), mine.stream().map(NotificationResult::getOutcome).toList());
            assertEquals(List.of(1, 1), mine.stream().map(NotificationResult::getAttempt).toList());
            assertEquals(List.of(false, false), mine.stream().map(NotificationResult::getInDoubtResend).toList());
            assertEquals(MessageIds.of(request.getNotificationId()), mine.get(1).getMessageId());
            var inbox = inboxOverImap(request.getRecipient());
            assertEquals(1, inbox.size(), "one e-mail for " + request.getRecipient());
            assertEquals(MessageIds.of(request.getNotificationId()), inbox.get(0)[1]);
            assertEquals(request.getRecipient(), inbox.get(0)[2]);
            assertTrue(inbox.get(0)[0].contains(request.getOrderId()), inbox.get(0)[0]);
            var message = received(request.getRecipient()).get(0);
            assertTrue(message.getContentType().startsWith("multipart/alternative"), message.getContentType());
        }
    }

    private static List<NotificationResult> resultsOf(List<NotificationRequested> requests) {
        var orders = requests.stream().map(NotificationRequested::getOrderId).toList();
        return CommittedLog.of(kafka, Topics.NOTIFICATION_RESULTS).stream().filter(record -> orders.contains(record.key()))
                .map(record -> RESULTS.decode(record.value())).toList();
    }

    private static boolean isOutcomeOf(NotificationResult result, NotificationRequested request) {
        return result.getOrderId().equals(request.getOrderId()) && result.getOutcome() != NotificationOutcome.ATTEMPTED;
    }

    @Test
    void whileTheServerIsDownSendsWaitAndEachNotificationIsDeliveredOnceWhenItIsBack() throws Exception {
        dispatcher(new SimpleMeterRegistry());
        greenMail.stop();
        var requests = new ArrayList<NotificationRequested>();
        try {
            for (int i = 0; i < 3; i++) {
                requests.add(request(order("down-" + i), "late-" + run + "-" + i + "@shop.example"));
            }
            // one poll's requests are retried together and the next poll waits for them: a few sends in, the server comes back
            Eventually.await(WAIT, "sends retried while the server is down", () -> resultsOf(requests),
                    all -> all.stream().filter(result -> result.getOutcome() == NotificationOutcome.ATTEMPTED && result.getAttempt() >= 3)
                            .count() >= 1);
            assertEquals(List.of(), resultsOf(requests).stream().filter(result -> result.getOutcome() != NotificationOutcome.ATTEMPTED).toList());
        } finally {
            greenMail = startGreenMail();
        }

        for (NotificationRequested request : requests) {
            var outcome = awaitOnlyOutcome(request.getOrderId());
            assertEquals(NotificationOutcome.SENT, outcome.getOutcome());
            var attempts = results(request.getOrderId(), NotificationOutcome.ATTEMPTED);
            assertEquals(outcome.getAttempt(), attempts.size(), "one ATTEMPTED per send: " + attempts);
            assertTrue(attempts.stream().noneMatch(NotificationResult::getInDoubtResend), "a refused connection sent nothing: " + attempts);
            assertEquals(1, received(request.getRecipient()).size(), request.getRecipient());
        }
    }

    @Test
    void anUnknownMailboxIsOneFailedResultAndOneAlertWithoutARetry() throws Exception {
        var registry = new SimpleMeterRegistry();
        dispatcher(registry);
        String recipient = "unknown-" + run + "@shop.example";
        var request = request(order("unknown"), recipient);

        var outcome = awaitOnlyOutcome(request.getOrderId());

        assertEquals(NotificationOutcome.FAILED, outcome.getOutcome());
        assertEquals(1, outcome.getAttempt());
        assertTrue(outcome.getDetail().contains("refused the e-mail with 550"), outcome.getDetail());
        assertEquals(1, results(request.getOrderId(), NotificationOutcome.ATTEMPTED).size());
        assertEquals(1, front.rejected().stream().filter(line -> line.contains(recipient)).count(), "one RCPT, no retry");
        var alerts = committed(Topics.ALERTS, request.getOrderId(), ALERTS);
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(NotificationDispatcher.ALERT_REJECTED, alerts.get(0).getKind());
        assertEquals(0, received(recipient).size());
        assertEquals(1.0, registry.get("tally.notifications.failed").tag("reason", "rejected").counter().count());
    }

    @Test
    void anAttemptWithNoOutcomeIsResentOnceAsInDoubtAndTheCountSurvivesARestart() throws Exception {
        String orderId = order("in-doubt");
        String recipient = "doubt-" + run + "@shop.example";
        String notificationId = NotificationIds.of(orderId, NotificationKind.ORDER_CONFIRMED);
        // what a dispatcher killed between its ATTEMPTED and its outcome leaves on the topic
        var orphan = NotificationDispatcher.attempted(request(orderId, recipient), 1, false, Instant.now());
        producer.send(new ProducerRecord<>(Topics.NOTIFICATION_RESULTS, orderId, RESULTS.encode(orphan))).get();
        long onTheTopic = CommittedLog.of(kafka, Topics.NOTIFICATION_RESULTS).stream().map(record -> RESULTS.decode(record.value()))
                .filter(result -> result.getOutcome() == NotificationOutcome.ATTEMPTED && result.getInDoubtResend()).count();

        var registry = new SimpleMeterRegistry();
        dispatcher(registry);

        var outcome = awaitOnlyOutcome(orderId);
        assertEquals(NotificationOutcome.SENT, outcome.getOutcome());
        assertEquals(2, outcome.getAttempt());
        var attempts = results(orderId, NotificationOutcome.ATTEMPTED);
        assertEquals(List.of(false, true), attempts.stream().map(NotificationResult::getInDoubtResend).toList());
        assertEquals(List.of(1, 2), attempts.stream().map(NotificationResult::getAttempt).toList());
        assertEquals(MessageIds.of(notificationId), attempts.get(1).getMessageId());
        var inbox = inboxOverImap(recipient);
        assertEquals(1, inbox.size());
        assertEquals(MessageIds.of(notificationId), inbox.get(0)[1]);
        assertEquals(onTheTopic + 1, (long) registry.get(IN_DOUBT).functionCounter().count());

        dispatchers.remove(0).close();
        var afterRestart = new SimpleMeterRegistry();
        dispatcher(afterRestart);
        // read again from the records when the restarted dispatcher is given the partitions
        Eventually.await(Duration.ofSeconds(30), "the count derived from the records again",
                () -> (long) afterRestart.get(IN_DOUBT).functionCounter().count(), count -> count == onTheTopic + 1);
        Thread.sleep(500);
        assertEquals(1, outcomes(orderId).size(), "the restart sent nothing again");
    }
}
