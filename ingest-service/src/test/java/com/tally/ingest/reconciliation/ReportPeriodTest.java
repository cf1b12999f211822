package com.tally.ingest.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The period an upload states, and the transaction a report of a given size gets. */
class ReportPeriodTest {

    @Test
    void aPeriodIsTwoInstantsTheStartBeforeTheEnd() {
        assertEquals(new ReportPeriod.Valid(new ReportPeriod(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"))),
                ReportPeriod.parse("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"));
    }

    @Test
    void everyProblemWithThePeriodIsNamed() {
        var missing = (ReportPeriod.Invalid) ReportPeriod.parse(null, "");
        assertEquals(2, missing.problems().size());
        assertTrue(missing.problems().get(0).startsWith("periodStart is missing"));
        assertTrue(missing.problems().get(1).startsWith("periodEnd is missing"));

        var notInstants = (ReportPeriod.Invalid) ReportPeriod.parse("2026-11-01", "yesterday");
        assertEquals(List.of("periodStart=2026-11-01 is not an ISO-8601 instant: write it like 2026-11-01T00:00:00Z",
                "periodEnd=yesterday is not an ISO-8601 instant: write it like 2026-11-01T00:00:00Z"), notInstants.problems());

        var backwards = (ReportPeriod.Invalid) ReportPeriod.parse("2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z");
        assertTrue(backwards.problems().get(0).startsWith("periodStart 2026-12-01T00:00:00Z is not before periodEnd"));
    }

    @Test
    void aReportsTransactionTimeoutGrowsWithItsRowsUpToTheBrokersLimit() {
        assertEquals(Duration.ofSeconds(60), SettlementAppender.transactionTimeout(0));
        assertEquals(Duration.ofSeconds(65), SettlementAppender.transactionTimeout(10_000));
        assertEquals(Duration.ofSeconds(560), SettlementAppender.transactionTimeout(1_000_000));
        assertEquals(Duration.ofMinutes(15), SettlementAppender.transactionTimeout(10_000_000));
    }
}
