package com.tally.order;

import static com.tally.order.Fixtures.order;
import static com.tally.order.Fixtures.succeeded;
import static com.tally.order.ReconciliationFixtures.PERIOD_END;
import static com.tally.order.ReconciliationFixtures.charge;
import static com.tally.order.ReconciliationFixtures.inPeriod;
import static com.tally.order.ReconciliationFixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.order.ReconciliationRun.Total;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.SettlementRecord;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports meet webhooks in order-stream's whole topology: every class, the heal through the normal path, repeats. */
class ReconciliationTopologyTest {

    @TempDir
    Path stateDir;

    private OrderDriver t;
    private TestOutputTopic<String, WebhookReceived> webhooksOut;

    @BeforeEach
    void startDriver() {
        t = new OrderDriver(OrderDriver.settings(stateDir));
        webhooksOut = t.driver.createOutputTopic(Topics.WEBHOOKS, new StringDeserializer(), AvroSerde.of(WebhookReceived.class).deserializer());
    }

    @AfterEach
    void closeDriver() {
        t.close();
    }

    private void upload(SettlementRecord... rows) {
        for (SettlementRecord row : rows) {
            t.settlements.pipeInput(row.getTransactionId(), row);
        }
    }

    private void deliver(WebhookReceived hook) {
        t.webhooks.pipeInput(hook.getTransactionId(), inPeriod(hook));
    }

    private void placeAndPay(String orderId, String txId, long amountMinor, String currency) {
        t.placements.pipeInput(orderId, order(orderId, amountMinor, currency));
        deliver(Fixtures.webhook("evt_" + txId, "payment_intent.succeeded", PaymentKind.SUCCEEDED, txId, orderId, amountMinor, currency));
    }

    private ReconciliationRun run(String reportId) {
        return t.runs.get(reportId);
    }

    private static Map<String, Total> totals(ReconciliationRun run, ReconciliationClass klass) {
        return run.totals().getOrDefault(klass, Map.of());
    }

    private List<Alert> reconciliationAlerts() {
        return t.alerts.readValuesToList().stream().filter(a -> a.getKind().startsWith("reconciliation-")).toList();
    }

    @Test
    void reportAfterItsWebhooksIsMatched() {
        placeAndPay("o-1", "pi_1", 4_990, "EUR");
        t.drain();
        webhooksOut.readValuesToList();

        upload(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR"));

        ReconciliationRun run = run("r1");
        assertEquals(Map.of(ReconciliationClass.MATCHED, Map.of("EUR", new Total(1, 4_990))), run.totals());
        assertEquals(List.of(), run.discrepancies());
        assertEquals(List.of(), reconciliationAlerts());
        assertTrue(webhooksOut.isEmpty(), "nothing to heal");
    }

    @Test
    void reportNotYetWholeIsNotReconciledAndAWebhookArrivingMeanwhileCoversItsRow() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        placeAndPay("o-2", "pi_2", 1_500, "EUR");

        upload(charge("r1", "txn_1", 2, "pi_1", "o-1", 4_990, "EUR"));
        assertNull(run("r1").evaluatedAt(), "one row of two: not whole yet");
        assertEquals(1, run("r1").rowsSeen());

        deliver(succeeded("evt_1", "pi_1", "o-1", 4_990));
        upload(charge("r1", "txn_2", 2, "pi_2", "o-2", 1_500, "EUR"));

        assertEquals(Map.of(ReconciliationClass.MATCHED, Map.of("EUR", new Total(2, 6_490))), run("r1").totals());
        assertEquals(List.of(), reconciliationAlerts());
    }

    @Test
    void wholeReportBeforeItsWebhookHealsThePlacedOrderOnceAndTheLateWebhookChangesNothing() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        t.drain();

        upload(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR"));

        var heals = webhooksOut.readKeyValuesToList();
        assertEquals(1, heals.size());
        assertEquals("pi_1", heals.get(0).key, "keyed by transaction ID like every webhook");
        WebhookReceived heal = heals.get(0).value;
        assertEquals(List.of("r1", "txn_1", "pi_1", "o-1", 4_990L, "EUR"), List.of(heal.getFoundInReport(), heal.getProviderEventId(),
                heal.getTransactionId(), heal.getOrderId(), heal.getAmountMinor(), heal.getCurrency()));
        assertEquals(OrderStatus.PAID, t.status("o-1"));
        assertEquals(List.of(OrderStatus.PAID), OrderDriver.targets(t.orderEvents.readValuesToList()));
        assertEquals(1, t.ledger.readValuesToList().size(), "the charge booked once");
        assertEquals(1, t.paymentEvents.readValuesToList().size());
        ReconciliationRun run = run("r1");
        assertEquals(Map.of(ReconciliationClass.MISSING_IN_TALLY, Map.of("EUR", new Total(1, 4_990))), run.totals());
        assertEquals(1, run.discrepancies().size());
        assertTrue(run.discrepancies().get(0).action().startsWith("heal requested"), run.discrepancies().get(0).action());
        assertEquals(List.of(), reconciliationAlerts(), "a healed charge raises nothing");

        deliver(succeeded("evt_1", "pi_1", "o-1", 4_990));

        assertTrue(t.orderEvents.isEmpty());
        assertTrue(t.ledger.isEmpty());
        assertTrue(t.paymentEvents.isEmpty());
        assertTrue(t.alerts.isEmpty());
        assertEquals(1, t.order("o-1").getPayments().size());
        assertEquals(run, run("r1"), "the run stands as reconciled");
    }

    @Test
    void sameReportTwiceChangesNothing() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        placeAndPay("o-2", "pi_2", 1_500, "EUR");
        var report = new SettlementRecord[] {
            charge("r1", "txn_1", 3, "pi_1", "o-1", 4_990, "EUR"),
            charge("r1", "txn_2", 3, "pi_2", "o-2", 1_000, "EUR"),
            row("r1", "txn_3", 3, PaymentKind.UNSUPPORTED, "po_1", null, -20_000, "EUR")};
        upload(report);
        ReconciliationRun first = run("r1");
        List<WebhookReceived> heals = webhooksOut.readValuesToList();
        List<Alert> alerts = reconciliationAlerts();
        t.drain();

        upload(report);

        assertEquals(first, run("r1"));
        assertEquals(3, run("r1").rowsSeen());
        assertEquals(1, heals.size());
        assertEquals(List.of("reconciliation-amount-mismatch"), OrderDriver.kinds(alerts));
        assertTrue(webhooksOut.isEmpty(), "no second heal");
        assertTrue(t.alerts.isEmpty(), "no second alert");
        assertTrue(t.orderEvents.isEmpty());
        assertTrue(t.ledger.isEmpty());
    }

    @Test
    void chargeWithDifferentAmountsRaisesAmountMismatchWithBothFigures() {
        placeAndPay("o-1", "pi_1", 4_990, "EUR");

        upload(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_900, "EUR"));

        List<Alert> alerts = reconciliationAlerts();
        assertEquals(List.of("reconciliation-amount-mismatch"), OrderDriver.kinds(alerts));
        assertEquals("o-1", alerts.get(0).getSubject());
        assertTrue(alerts.get(0).getDetail().contains("charge 4900 EUR") && alerts.get(0).getDetail().contains("charge 4990 EUR"),
                alerts.get(0).getDetail());
        var discrepancy = run("r1").discrepancies().get(0);
        assertEquals(ReconciliationClass.AMOUNT_MISMATCH, discrepancy.klass());
        assertEquals(4_900L, discrepancy.processor().chargeMinor());
        assertEquals(4_990L, discrepancy.tally().chargeMinor());
    }

    @Test
    void refundOnlyTheProcessorKnowsRaisesStatusMismatch() {
        placeAndPay("o-1", "pi_1", 4_990, "EUR");

        upload(charge("r1", "txn_1", 2, "pi_1", "o-1", 4_990, "EUR"),
                row("r1", "txn_2", 2, PaymentKind.REFUNDED, "pi_1", "o-1", -4_990, "EUR"));

        assertEquals(List.of("reconciliation-status-mismatch"), OrderDriver.kinds(reconciliationAlerts()));
        assertEquals(Map.of("EUR", new Total(1, 4_990)), totals(run("r1"), ReconciliationClass.STATUS_MISMATCH));
        assertEquals(OrderStatus.PAID, t.status("o-1"), "reconciliation never refunds an order by itself");
    }

    @Test
    void tallyChargeTheWholeReportLacksIsMissingAtProcessor() {
        placeAndPay("o-1", "pi_1", 4_990, "EUR");
        placeAndPay("o-2", "pi_2", 2_500, "EUR");
        t.placements.pipeInput("o-3", order("o-3", 700, "EUR"));
        t.webhooks.pipeInput("pi_3", inPeriod(succeeded("evt_3", "pi_3", "o-3", 700), PERIOD_END.minusSeconds(60)));

        upload(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR"));

        List<Alert> alerts = reconciliationAlerts();
        assertEquals(List.of("reconciliation-missing-at-processor"), OrderDriver.kinds(alerts), "pi_3 is within the grace of the end");
        assertEquals("o-2", alerts.get(0).getSubject());
        assertEquals(Map.of("EUR", new Total(1, 2_500)), totals(run("r1"), ReconciliationClass.MISSING_AT_PROCESSOR));
        assertEquals(Map.of("EUR", new Total(1, 4_990)), totals(run("r1"), ReconciliationClass.MATCHED));
    }

    @Test
    void unsupportedCategoryIsCountedAsIgnoredAndRaisesNothing() {
        placeAndPay("o-1", "pi_1", 4_990, "EUR");

        upload(charge("r1", "txn_1", 2, "pi_1", "o-1", 4_990, "EUR"),
                row("r1", "txn_2", 2, PaymentKind.UNSUPPORTED, "po_1", null, -4_000, "EUR"));

        assertEquals(Map.of("EUR", new Total(1, -4_000)), totals(run("r1"), ReconciliationClass.IGNORED));
        assertEquals(List.of(), run("r1").discrepancies());
        assertEquals(List.of(), reconciliationAlerts());
    }

    @Test
    void twoCurrenciesIncludingYenAreTotalledApart() {
        placeAndPay("o-1", "pi_1", 4_990, "EUR");
        placeAndPay("o-2", "pi_2", 5_000, "JPY");
        placeAndPay("o-3", "pi_3", 12_000, "JPY");

        upload(charge("r1", "txn_1", 3, "pi_1", "o-1", 4_990, "EUR"),
                charge("r1", "txn_2", 3, "pi_2", "o-2", 5_000, "JPY"),
                charge("r1", "txn_3", 3, "pi_3", "o-3", 12_000, "JPY"));

        assertEquals(Map.of(ReconciliationClass.MATCHED, Map.of("EUR", new Total(1, 4_990), "JPY", new Total(2, 17_000))), run("r1").totals());
    }

    @Test
    void chargeForAnOrderNeverPlacedIsRaisedNotHealed() {
        upload(charge("r1", "txn_1", 1, "pi_1", "o-404", 4_990, "EUR"));

        assertTrue(webhooksOut.isEmpty());
        List<Alert> alerts = reconciliationAlerts();
        assertEquals(List.of("reconciliation-missing-in-tally"), OrderDriver.kinds(alerts));
        assertEquals("o-404", alerts.get(0).getSubject());
        assertNull(t.order("o-404"));
    }

    @Test
    void chargeRowWithoutOrderIdIsRaised() {
        upload(charge("r1", "txn_1", 1, "pi_1", null, 4_990, "EUR"));

        assertTrue(webhooksOut.isEmpty());
        List<Alert> alerts = reconciliationAlerts();
        assertEquals(List.of("reconciliation-missing-in-tally"), OrderDriver.kinds(alerts));
        assertEquals("pi_1", alerts.get(0).getSubject());
    }

    @Test
    void healedChargeCountsAsTallysInALaterReport() {
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        upload(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR"));

        upload(charge("r2", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR"));

        assertEquals(Map.of(ReconciliationClass.MATCHED, Map.of("EUR", new Total(1, 4_990))), run("r2").totals());
        assertEquals(OrderStatus.PAID, t.status("o-1"));
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PAID), OrderDriver.targets(t.orderEvents.readValuesToList()));
    }

    @Test
    void rowNewToAReportAlreadyReconciledGoesToTheDeadLettersAndTheRunStands() {
        placeAndPay("o-1", "pi_1", 4_990, "EUR");
        upload(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR"));
        ReconciliationRun reconciled = run("r1");

        upload(charge("r1", "txn_2", 1, "pi_2", "o-2", 1_000, "EUR"));

        assertEquals(1, t.deadLetters.readRecordsToList().size());
        assertEquals(reconciled, run("r1"));
        assertEquals(List.of(), reconciliationAlerts());
    }
}
