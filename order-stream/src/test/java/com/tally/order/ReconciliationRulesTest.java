package com.tally.order;

import static com.tally.order.ReconciliationFixtures.CHARGED_AT;
import static com.tally.order.ReconciliationFixtures.PERIOD_END;
import static com.tally.order.ReconciliationFixtures.PERIOD_START;
import static com.tally.order.ReconciliationFixtures.charge;
import static com.tally.order.ReconciliationFixtures.inPeriod;
import static com.tally.order.ReconciliationFixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.order.ReconciliationRules.Classified;
import com.tally.order.ReconciliationRules.Figures;
import com.tally.order.ReconciliationRules.Period;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.Severity;
import com.tally.schemas.SettlementRecord;
import com.tally.schemas.WebhookReceived;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given both sides of one transaction, expect its class; no Kafka. */
class ReconciliationRulesTest {

    private static final Period PERIOD = new Period(PERIOD_START, PERIOD_END);
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);

    private static ProcessorSide processor(SettlementRecord... rows) {
        var side = ProcessorSide.none("stripe", rows[0].getTransactionId());
        for (SettlementRecord row : rows) {
            side = side.with(row);
        }
        return side;
    }

    private static TallySide tally(WebhookReceived... hooks) {
        var side = TallySide.none("stripe", hooks[0].getTransactionId());
        for (WebhookReceived hook : hooks) {
            side = side.with(hook);
        }
        return side;
    }

    private static WebhookReceived charged(String txId, long amountMinor, String currency) {
        return inPeriod(Fixtures.webhook("evt_" + txId, "payment_intent.succeeded", PaymentKind.SUCCEEDED, txId, "o-1", amountMinor, currency));
    }

    @Test
    void sameChargeOnBothSidesIsMatched() {
        Classified c = ReconciliationRules.classify(processor(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR")),
                tally(charged("pi_1", 4_990, "EUR")), PERIOD);

        assertEquals(ReconciliationClass.MATCHED, c.klass());
        assertEquals(4_990, c.amountMinor());
        assertEquals("EUR", c.currency());
    }

    @Test
    void chargeTallyNeverHeardOfIsMissingInTallyAndHealable() {
        ProcessorSide theirs = processor(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR"));

        Classified c = ReconciliationRules.classify(theirs, null, PERIOD);

        assertEquals(ReconciliationClass.MISSING_IN_TALLY, c.klass());
        assertEquals(Figures.NOTHING, c.tally());
        assertTrue(ReconciliationRules.healable(c, theirs));
    }

    @Test
    void chargeWhoseOnlyTallyFactIsAFailedAttemptIsMissingInTally() {
        ProcessorSide theirs = processor(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR"));

        Classified c = ReconciliationRules.classify(theirs, tally(inPeriod(Fixtures.failed("evt_f", "pi_1", "o-1", 4_990))), PERIOD);

        assertEquals(ReconciliationClass.MISSING_IN_TALLY, c.klass());
    }

    @Test
    void chargeRowWithoutOrderIdIsMissingInTallyButNotHealable() {
        ProcessorSide theirs = processor(charge("r1", "txn_1", 1, "pi_1", null, 4_990, "EUR"));

        Classified c = ReconciliationRules.classify(theirs, null, PERIOD);

        assertEquals(ReconciliationClass.MISSING_IN_TALLY, c.klass());
        assertFalse(ReconciliationRules.healable(c, theirs));
    }

    @Test
    void differentAmountOrCurrencyIsAmountMismatch() {
        var amount = ReconciliationRules.classify(processor(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR")),
                tally(charged("pi_1", 4_000, "EUR")), PERIOD);
        var currency = ReconciliationRules.classify(processor(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR")),
                tally(charged("pi_1", 4_990, "USD")), PERIOD);

        assertEquals(ReconciliationClass.AMOUNT_MISMATCH, amount.klass());
        assertEquals(new Figures(4_990L, "EUR", false, false), amount.processor());
        assertEquals(new Figures(4_000L, "EUR", false, false), amount.tally());
        assertEquals(ReconciliationClass.AMOUNT_MISMATCH, currency.klass());
    }

    @Test
    void refundOnlyTheProcessorKnowsIsStatusMismatch() {
        Classified c = ReconciliationRules.classify(processor(charge("r1", "txn_1", 2, "pi_1", "o-1", 4_990, "EUR"),
                row("r1", "txn_2", 2, PaymentKind.REFUNDED, "pi_1", "o-1", -4_990, "EUR")), tally(charged("pi_1", 4_990, "EUR")), PERIOD);

        assertEquals(ReconciliationClass.STATUS_MISMATCH, c.klass());
        assertTrue(c.processor().refunded());
        assertFalse(c.tally().refunded());
    }

    @Test
    void disputeOnlyTallyKnowsIsStatusMismatch() {
        var dispute = inPeriod(Fixtures.disputed("evt_d", "pi_1", "o-1", 4_990));

        Classified c = ReconciliationRules.classify(processor(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR")),
                tally(charged("pi_1", 4_990, "EUR"), dispute), PERIOD);

        assertEquals(ReconciliationClass.STATUS_MISMATCH, c.klass());
        assertTrue(c.tally().disputed());
    }

    @Test
    void refundOnBothSidesIsMatchedAndOneAfterThePeriodIsNotCompared() {
        var refundInPeriod = inPeriod(Fixtures.refunded("evt_r", "pi_1", "o-1", 4_990, "re_pi_1"), CHARGED_AT.plusSeconds(60));
        var refundAfter = inPeriod(Fixtures.refunded("evt_r", "pi_1", "o-1", 4_990, "re_pi_1"), PERIOD_END.plusSeconds(60));
        var both = processor(charge("r1", "txn_1", 2, "pi_1", "o-1", 4_990, "EUR"),
                row("r1", "txn_2", 2, PaymentKind.REFUNDED, "pi_1", "o-1", -4_990, "EUR"));

        assertEquals(ReconciliationClass.MATCHED, ReconciliationRules.classify(both, tally(charged("pi_1", 4_990, "EUR"), refundInPeriod), PERIOD).klass());
        assertEquals(ReconciliationClass.MATCHED, ReconciliationRules.classify(processor(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR")),
                tally(charged("pi_1", 4_990, "EUR"), refundAfter), PERIOD).klass());
    }

    @Test
    void unsupportedRowIsIgnoredWithItsOwnFigures() {
        Classified c = ReconciliationRules.ignored(row("r1", "txn_9", 1, PaymentKind.UNSUPPORTED, "po_1", null, -10_000, "EUR"));

        assertEquals(ReconciliationClass.IGNORED, c.klass());
        assertEquals(-10_000, c.amountMinor());
        assertFalse(ProcessorSide.compared(PaymentKind.UNSUPPORTED));
    }

    @Test
    void tallyChargeTheReportLacksIsMissingAtProcessorOnlyInsideThePeriodAndPastTheGrace() {
        var inside = tally(charged("pi_1", 4_990, "EUR"));
        var nearTheEnd = tally(inPeriod(Fixtures.succeeded("evt_2", "pi_2", "o-2", 4_990), PERIOD_END.minusSeconds(600)));
        var before = tally(inPeriod(Fixtures.succeeded("evt_3", "pi_3", "o-3", 4_990), PERIOD_START.minusSeconds(1)));

        var missing = ReconciliationRules.missingAtProcessor(inside, PERIOD, NOW, GRACE).orElseThrow();

        assertEquals(ReconciliationClass.MISSING_AT_PROCESSOR, missing.klass());
        assertEquals(Figures.NOTHING, missing.processor());
        assertEquals(new Figures(4_990L, "EUR", false, false), missing.tally());
        assertTrue(ReconciliationRules.missingAtProcessor(nearTheEnd, PERIOD, NOW, GRACE).isEmpty(), "within the grace of the period's end");
        assertTrue(ReconciliationRules.missingAtProcessor(before, PERIOD, NOW, GRACE).isEmpty(), "before the period");
        assertTrue(ReconciliationRules.missingAtProcessor(inside, PERIOD, CHARGED_AT.plusSeconds(60), GRACE).isEmpty(),
                "a report read a minute after the charge: the charge may still be on its way");
    }

    @Test
    void healIsTheCanonicalWebhookOfTheChargeRow() {
        ProcessorSide theirs = processor(charge("r1", "txn_1", 1, "pi_1", "o-1", 5_000, "JPY"));

        WebhookReceived heal = ReconciliationRules.heal(theirs, "r1", NOW);

        assertEquals("txn_1", heal.getProviderEventId());
        assertEquals("r1", heal.getFoundInReport());
        assertEquals(PaymentKind.SUCCEEDED, heal.getKind());
        assertEquals(List.of("pi_1", "o-1", 5_000L, "JPY", CHARGED_AT, NOW), List.of(heal.getTransactionId(), heal.getOrderId(),
                heal.getAmountMinor(), heal.getCurrency(), heal.getOccurredAt(), heal.getReceivedAt()));
        assertEquals(heal.getEventId(), ReconciliationRules.heal(theirs, "r1", NOW.plusSeconds(5)).getEventId(), "derived from the row");
        assertEquals(PaymentFacts.factKey(Fixtures.succeeded("evt_1", "pi_1", "o-1", 5_000)), PaymentFacts.factKey(heal),
                "the same charge fact as the delivered webhook, so only the first of them counts");
    }

    @Test
    void healGoesAheadForAPlacedOrderAndIsRaisedForAnyOther() {
        WebhookReceived heal = ReconciliationRules.heal(processor(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR")), "r1", NOW);
        var placed = OrderStateMachine.unknown("o-1");
        placed.setStatus(OrderStatus.PENDING);

        var healed = ReconciliationRules.healOrRaise(placed, heal, NOW);
        var raised = ReconciliationRules.healOrRaise(null, heal, NOW);

        assertEquals(heal, healed.heal().orElseThrow());
        assertTrue(healed.alert().isEmpty());
        assertTrue(raised.heal().isEmpty());
        assertEquals("reconciliation-missing-in-tally", raised.alert().orElseThrow().getKind());
        assertEquals(Severity.CRITICAL, raised.alert().orElseThrow().getSeverity());
        assertEquals("o-1", raised.alert().orElseThrow().getSubject());
    }

    @Test
    void alertCarriesBothSidesFigures() {
        Classified c = ReconciliationRules.classify(processor(charge("r1", "txn_1", 1, "pi_1", "o-1", 4_990, "EUR")),
                tally(charged("pi_1", 4_000, "EUR")), PERIOD);

        var alert = ReconciliationRules.alert(c, "r1", NOW);

        assertEquals("reconciliation-amount-mismatch", alert.getKind());
        assertTrue(alert.getDetail().contains("charge 4990 EUR"), alert.getDetail());
        assertTrue(alert.getDetail().contains("charge 4000 EUR"), alert.getDetail());
        assertNull(alert.getCauseEventId());
    }
}
