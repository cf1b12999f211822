package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.fulfillment.FulfillmentIds;
import com.tally.ingest.stripe.StripeSignature;
import com.tally.notification.MessageIds;
import com.tally.notification.NotificationIds;
import com.tally.notification.NotificationKind;
import com.tally.platform.Access;
import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.Eventually;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.reconcile.ReconciliationClient;
import com.tally.proof.sim.Drops;
import com.tally.proof.sim.Mix;
import com.tally.proof.sim.ProcessorReport;
import com.tally.proof.sim.SimulationRecord;
import com.tally.proof.sim.Simulator;
import com.tally.proof.sim.Stories;
import com.tally.proof.sim.Story;
import com.tally.proof.sim.StripeEventFactory;
import com.tally.proof.stack.ProcessStack;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.stack.TallyProcesses;
import com.tally.proof.verify.Check;
import com.tally.proof.verify.Invariants;
import com.tally.proof.verify.QuietLog;
import com.tally.proof.verify.ReconciliationInvariants;
import com.tally.proof.verify.Report;
import com.tally.proof.verify.TallyInvariants;
import com.tally.proof.verify.Verifier;
import com.tally.proof.verify.VerifyTargets;
import com.tally.schemas.Alert;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.LedgerEntry;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's acceptance, every process real (a broker, ingest-service, order-stream,
 * fulfillment-stream and notification-stream each in its own JVM; the processor, the warehouse and
 * the mail server in this one): 300 orders whose successful charges' webhooks are lost for a tenth
 * of them, then the processor's own report uploaded. Reconciliation finds exactly the lost charges
 * and heals them through the path a webhook takes; the lost webhooks arriving late change nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconciliationAcceptanceIT {

    /** Every order paid once, a third of its webhooks delivered twice: every order may lose its charge. */
    private static final Mix PAID_ONLY = new Mix(0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private static final int ORDERS = 300;
    private static final long SEED = 22;

    @TempDir
    static Path work;

    private static ProcessStack stack;
    private static StackRecords records;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static List<Story> stories;
    private static Set<String> dropped;
    private static SimulationRecord.Run run;
    /** What the dropped orders had caused once healed: the late webhooks must leave it as it is. */
    private static Snapshot healed;

    @BeforeAll
    static void start() throws Exception {
        stack = new ProcessStack(work.resolve("stack"), 3, TallyProcesses.ALL, Map.of(KafkaConfig.COMMIT_INTERVAL, "PT0.5S")).start();
        records = new StackRecords(stack);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void theProcessorsReportHealsExactlyTheDroppedChargesEachPaidFulfilledAndMailedOnce() throws Exception {
        stories = Stories.plan(SEED, ORDERS, PAID_ONLY, "reconciled");
        dropped = Drops.choose(stories, 0.1, SEED);
        assertEquals(30, dropped.size(), "a tenth of 300 orders, every one of them paid once and kept");
        Path record = work.resolve("reconciled.jsonl");
        var settings = new Simulator.Settings(stack.url(TallyProcesses.INGEST.name()), StackEnvironment.DEFAULT_STRIPE_SECRET,
                StackEnvironment.DEFAULT_SHOP_TOKEN, 16, 200, 20, record);
        var result = new Simulator(settings, System.out::println).chargesKnownTo(processor().knownCharges())
                .run(stories, PAID_ONLY, SEED, dropped);
        assertEquals(0, result.unexpected(), "every request answered as a processor expects");
        run = SimulationRecord.read(record);

        Set<String> delivered = stories.stream().map(Story::orderId).filter(id -> !dropped.contains(id)).collect(Collectors.toSet());
        Eventually.await(Duration.ofMinutes(2), "the 270 orders whose webhooks got through PAID", () -> records.transitionsOf(delivered),
                transitions -> delivered.stream().allMatch(id -> transitions.getOrDefault(id, List.of()).contains(OrderStatus.PAID)));
        Map<String, List<OrderStatus>> before = records.transitionsOf(dropped);
        for (String orderId : dropped) {
            assertEquals(List.of(OrderStatus.PENDING), before.get(orderId), orderId + ": placed, charged at the processor, unknown to Tally");
        }

        JsonNode reconciled = uploadAndAwaitRun(ProcessorReport.rows(run, List.of(), Instant.now()));

        assertEquals(Map.of("MATCHED", 270L, "MISSING_IN_TALLY", 30L), ReconciliationClient.countsPerClass(reconciled), reconciled.toString());
        Set<String> droppedCharges = droppedStories().stream().map(s -> s.charges().get(0).transactionId()).collect(Collectors.toSet());
        var listed = new TreeSet<String>();
        for (JsonNode discrepancy : reconciled.get("discrepancies")) {
            assertEquals("MISSING_IN_TALLY", discrepancy.get("klass").asText(), discrepancy.toString());
            assertTrue(discrepancy.get("action").asText().startsWith("heal requested"), discrepancy.toString());
            assertTrue(dropped.contains(discrepancy.get("orderId").asText()), discrepancy.toString());
            listed.add(discrepancy.get("transactionId").asText());
        }
        assertEquals(30, reconciled.get("discrepancies").size());
        assertEquals(new TreeSet<>(droppedCharges), listed, "exactly the dropped transactions");

        awaitDelivered(dropped);
        Report report = verify();
        assertEquals(30, report.check(ReconciliationInvariants.DROPPED_HEALED_ONCE).checked());

        Map<String, List<OrderStatus>> transitions = records.transitionsOf(dropped);
        Map<String, List<FulfillmentRequested>> requests = records.byOrder(Topics.FULFILLMENT_REQUESTS, FulfillmentRequested.class, dropped,
                FulfillmentRequested::getOrderId);
        Map<String, List<LedgerEntry>> entries = records.byOrder(Topics.LEDGER_ENTRIES, LedgerEntry.class, dropped, LedgerEntry::getOrderId);
        Map<String, List<WebhookReceived>> heals = records.byOrder(Topics.WEBHOOKS, WebhookReceived.class, dropped, WebhookReceived::getOrderId);
        healed = Snapshot.take();
        for (Story story : droppedStories()) {
            String orderId = story.orderId();
            assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.FULFILLMENT_REQUESTED, OrderStatus.FULFILLMENT_ACCEPTED,
                    OrderStatus.SHIPPED, OrderStatus.DELIVERED), transitions.get(orderId), orderId);
            List<WebhookReceived> heal = heals.get(orderId);
            assertEquals(1, heal.size(), orderId + ": one canonical webhook, the heal: " + heal);
            assertTrue(heal.get(0).getFoundInReport() != null && heal.get(0).getKind() == PaymentKind.SUCCEEDED, heal.toString());
            assertEquals(story.charges().get(0).transactionId(), heal.get(0).getTransactionId());
            List<FulfillmentRequested> requested = requests.get(orderId);
            assertEquals(1, requested.size(), orderId + ": one fulfillment request");
            assertEquals(FulfillmentIds.requestId(orderId), requested.get(0).getRequestId());
            List<LedgerEntry> booked = entries.get(orderId);
            assertEquals(1, booked.size(), orderId + ": the charge booked once: " + booked);
            assertEquals(story.amount(), booked.get(0).getAmountMinor());
            assertEquals(story.currency(), booked.get(0).getCurrency());
            assertEquals(1, healed.emails().getOrDefault(MessageIds.of(confirmationId(orderId)), 0), orderId + ": one confirmation e-mail");
        }
        assertLedgerBalanced();
    }

    @Test
    @Order(2)
    void theDroppedWebhooksArrivingLateChangeNothing() throws Exception {
        for (Story story : droppedStories()) {
            String transactionId = story.charges().get(0).transactionId();
            byte[] body = StripeEventFactory.paymentIntentEvent("evt_" + transactionId + "_ok", "payment_intent.succeeded", transactionId,
                    story.orderId(), story.amount(), story.currency(), Instant.now());
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(TallyProcesses.INGEST.name()) + "/webhooks/stripe"))
                    .header("Content-Type", "application/json")
                    .header("Stripe-Signature", StripeSignature.sign(StackEnvironment.DEFAULT_STRIPE_SECRET, Instant.now().getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), story.orderId() + ": " + answer.body());
        }
        awaitEveryServiceCaughtUp();

        List<WebhookReceived> late = records.byOrder(Topics.WEBHOOKS, WebhookReceived.class, dropped, WebhookReceived::getOrderId).values().stream()
                .flatMap(List::stream).filter(w -> w.getFoundInReport() == null).toList();
        assertEquals(30, late.size(), "every late webhook reached payments.webhooks, where order-stream read it");
        Snapshot after = Snapshot.take();
        assertEquals(healed.transitions(), after.transitions(), "no transition");
        assertEquals(healed.fulfillmentRequests(), after.fulfillmentRequests(), "no fulfillment request");
        assertEquals(healed.ledgerEntries(), after.ledgerEntries(), "no ledger entry");
        assertEquals(healed.refundRequests(), after.refundRequests(), "no refund request");
        assertEquals(healed.alerts(), after.alerts(), "no alert");
        assertEquals(healed.notifications(), after.notifications(), "no notification");
        assertEquals(healed.emails(), after.emails(), "no e-mail");
        assertEquals(healed.balances(), after.balances(), "the same balances");
        assertLedgerBalanced();
    }

    /** What the dropped orders caused, counted per order (alerts per subject, e-mails per Message-ID), and the ledger's balances. */
    private record Snapshot(Map<String, Integer> transitions, Map<String, Integer> fulfillmentRequests, Map<String, Integer> ledgerEntries,
                            Map<String, Integer> refundRequests, Map<String, Integer> alerts, Map<String, Integer> notifications,
                            Map<String, Integer> emails, String balances) {

        static Snapshot take() throws Exception {
            // the dropped orders' own e-mails: their buyers also bought the other orders, whose e-mail may still be on its way
            Set<String> owed = new TreeSet<>();
            for (String orderId : dropped) {
                for (NotificationKind kind : NotificationKind.values()) {
                    owed.add(MessageIds.of(NotificationIds.of(orderId, kind)));
                }
            }
            Map<String, Integer> emails = new TreeMap<>();
            records.inboxes(droppedStories()).forEach((messageId, copies) -> {
                if (owed.contains(messageId)) {
                    emails.put(messageId, copies.size());
                }
            });
            return new Snapshot(sizes(records.byOrder(Topics.ORDER_EVENTS, OrderEvent.class, dropped, OrderEvent::getOrderId)),
                    sizes(records.byOrder(Topics.FULFILLMENT_REQUESTS, FulfillmentRequested.class, dropped, FulfillmentRequested::getOrderId)),
                    sizes(records.byOrder(Topics.LEDGER_ENTRIES, LedgerEntry.class, dropped, LedgerEntry::getOrderId)),
                    sizes(records.byOrder(Topics.REFUNDS, RefundRequested.class, dropped, RefundRequested::getOrderId)),
                    sizes(records.byOrder(Topics.ALERTS, Alert.class, droppedOrdersAndCharges(), Alert::getSubject)),
                    sizes(records.byOrder(Topics.NOTIFICATION_REQUESTS, NotificationRequested.class, dropped, NotificationRequested::getOrderId)),
                    emails, ledgerBalances().toString());
        }

        private static <T> Map<String, Integer> sizes(Map<String, List<T>> byOrder) {
            var sizes = new TreeMap<String, Integer>();
            byOrder.forEach((orderId, records) -> sizes.put(orderId, records.size()));
            return sizes;
        }
    }

    /** The dropped orders' IDs and their charges' transaction IDs: what an alert about them names as its subject. */
    private static Set<String> droppedOrdersAndCharges() {
        var subjects = new TreeSet<>(dropped);
        droppedStories().forEach(story -> subjects.add(story.charges().get(0).transactionId()));
        return subjects;
    }

    /** Until no transaction is open on what the services read and every consumer group has read everything committed. */
    private static void awaitEveryServiceCaughtUp() throws Exception {
        try (Admin admin = Admin.create(KafkaDefaults.admin(stack.kafka()))) {
            Verifier.awaitQuiet(new QuietLog(admin, System.out::println), invariants(), Duration.ofMinutes(2));
        }
    }

    private static List<Invariants> invariants() {
        return TallyInvariants.all(VerifyTargets.of(stack, StackEnvironment.DEFAULT_OPERATOR_TOKEN));
    }

    private static ProcessorSimulator processor() {
        return stack.processor().orElseThrow();
    }

    private static List<Story> droppedStories() {
        return stories.stream().filter(s -> dropped.contains(s.orderId())).toList();
    }

    private static String confirmationId(String orderId) {
        return NotificationIds.of(orderId, NotificationKind.ORDER_CONFIRMED);
    }

    /** Uploads the report as the operator would ({@code tally reconcile}), then waits until order-stream has reconciled it. */
    private static JsonNode uploadAndAwaitRun(List<ProcessorReport.Row> rows) throws Exception {
        var csv = new StringWriter();
        ProcessorReport.write(rows, csv);
        Instant first = rows.stream().map(ProcessorReport.Row::created).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = rows.stream().map(ProcessorReport.Row::created).max(Comparator.naturalOrder()).orElseThrow();
        var client = new ReconciliationClient(stack.url(TallyProcesses.INGEST.name()), stack.url(TallyProcesses.ORDER_STREAM.name()),
                StackEnvironment.DEFAULT_OPERATOR_TOKEN);
        var uploaded = client.upload("stripe", first.minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS),
                last.plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS),
                HttpRequest.BodyPublishers.ofString(csv.toString(), StandardCharsets.UTF_8));
        assertEquals(202, uploaded.statusCode(), uploaded.body());
        String reportId = ReconciliationClient.reportId(uploaded);
        return client.awaitReconciled(reportId, Duration.ofMinutes(1), System.out::println)
                .orElseThrow(() -> new AssertionError("report " + reportId + " not reconciled within a minute"));
    }

    private static void awaitDelivered(Set<String> orderIds) throws Exception {
        Eventually.await(Duration.ofMinutes(2), "the healed orders DELIVERED", () -> records.transitionsOf(orderIds),
                transitions -> orderIds.stream().allMatch(id -> transitions.getOrDefault(id, List.of()).contains(OrderStatus.DELIVERED)));
    }

    /** Every invariant the run exercises holds; the verifier first waits until every service has read what is committed. */
    private static Report verify() throws Exception {
        Report report = new Verifier(stack.kafka(), invariants(), System.out::println).verify(run, Duration.ofMinutes(2));
        report.print(System.out);
        for (Check check : report.checks()) {
            assertEquals(0, check.violations(), check.invariant() + ": " + check.offenders());
        }
        return report;
    }

    private static void assertLedgerBalanced() throws Exception {
        JsonNode balances = ledgerBalances();
        assertTrue(balances.size() > 0, "the ledger has balances: " + balances);
        for (JsonNode currency : balances) {
            assertTrue(currency.get("balanced").asBoolean(), "debits equal credits: " + currency);
        }
    }

    private static JsonNode ledgerBalances() throws Exception {
        var answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(TallyProcesses.ORDER_STREAM.name()) + "/ledger/balances"))
                .header("Authorization", operator()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return TallyJson.mapper().readTree(answer.body());
    }

    private static String operator() {
        return Access.bearer(StackEnvironment.DEFAULT_OPERATOR_TOKEN);
    }
}
