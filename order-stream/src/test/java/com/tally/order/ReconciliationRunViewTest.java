package com.tally.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.tally.order.ReconciliationRules.Classified;
import com.tally.order.ReconciliationRules.Figures;
import com.tally.platform.StoredJson;
import com.tally.platform.TallyJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReconciliationRunViewTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private static ReconciliationRun run() {
        var row = ReconciliationFixtures.charge("r1", "txn_1", 4, "pi_1", "o-1", 4_990, "EUR");
        var tallying = new ReconciliationRun.Tallying();
        tallying.add(new Classified(ReconciliationClass.MATCHED, "pi_1", "o-1", new Figures(4_990L, "EUR", false, false),
                new Figures(4_990L, "EUR", false, false), 4_990, "EUR"), "none");
        tallying.add(new Classified(ReconciliationClass.MATCHED, "pi_2", "o-2", new Figures(5_000L, "JPY", false, false),
                new Figures(5_000L, "JPY", false, false), 5_000, "JPY"), "none");
        tallying.add(new Classified(ReconciliationClass.AMOUNT_MISMATCH, "pi_3", "o-3", new Figures(100L, "EUR", false, false),
                new Figures(90L, "EUR", false, false), 100, "EUR"), "alert reconciliation-amount-mismatch, \"urgent\"");
        tallying.add(new Classified(ReconciliationClass.IGNORED, "po_1", null, new Figures(-700L, "EUR", false, false), Figures.NOTHING,
                -700, "EUR"), "counted");
        var started = ReconciliationRun.started(row);
        for (int i = 0; i < 4; i++) {
            started = started.withRowSeen();
        }
        return tallying.into(started, AT);
    }

    @Test
    void matchRateCountsComparedTransactionsOnly() {
        assertEquals(2.0 / 3, ReconciliationRunView.of(run()).matchRate());
        assertNull(ReconciliationRunView.of(ReconciliationRun.started(ReconciliationFixtures.charge("r1", "txn_1", 4, "pi_1", "o-1", 1, "EUR")))
                .matchRate(), "no rate before the report is whole");
    }

    @Test
    void csvHasATotalRowPerClassAndCurrencyThenADiscrepancyRowQuotedWhereNeeded() {
        String[] lines = ReconciliationRunView.of(run()).csv().split("\r\n");

        assertEquals(ReconciliationRunView.CSV_HEADER, lines[0]);
        assertEquals("total,MATCHED,EUR,1,4990,,,,,,,,,,,", lines[1]);
        assertEquals("total,MATCHED,JPY,1,5000,,,,,,,,,,,", lines[2]);
        assertEquals("total,AMOUNT_MISMATCH,EUR,1,100,,,,,,,,,,,", lines[3]);
        assertEquals("total,IGNORED,EUR,1,-700,,,,,,,,,,,", lines[4]);
        assertEquals("discrepancy,AMOUNT_MISMATCH,,,,pi_3,o-3,100,EUR,false,false,90,EUR,false,false,"
                + "\"alert reconciliation-amount-mismatch, \"\"urgent\"\"\"", lines[5]);
        assertEquals(6, lines.length);
        assertEquals("'=1+1", ReconciliationRunView.cell("=1+1"), "a formula is text in a spreadsheet");
    }

    @Test
    void runSurvivesItsStoreFormat() throws Exception {
        var serde = StoredJson.serde(ReconciliationRun.class, StoreNames.RECONCILIATION_RUNS, OrderStreamApp.APPLICATION_ID);
        ReconciliationRun run = run();

        assertEquals(run, serde.deserializer().deserialize("t", serde.serializer().serialize("t", run)));
        assertEquals(ReconciliationRunView.of(run), TallyJson.mapper().readValue(TallyJson.mapper().writeValueAsBytes(ReconciliationRunView.of(run)),
                ReconciliationRunView.class));
    }
}
