package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which rejections are recorded in full and what the summaries count, with time passed in: no clock, no Kafka. */
class RejectionBudgetTest {

    private static final Instant WINDOW_START = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant WINDOW_END = WINDOW_START.plusSeconds(60);
    private static final String FLOODER = "203.0.113.7";
    private static final String MISMATCH = "MISMATCH";

    private final RejectionBudget budget = new RejectionBudget(new RejectionBudget.Limits(Duration.ofSeconds(60), 3, 5));

    /** How many of {@code count} rejections from one source, at {@code at}, were to be recorded in full. */
    private long admitted(String address, String reason, int count, Instant at) {
        return IntStream.range(0, count).filter(i -> budget.admit(address, reason, "stripe", 401, at)).count();
    }

    @Test
    void aSourceGetsItsFullRecordsThenOneSummaryCountingTheRestOnceTheWindowEnds() {
        long full = admitted(FLOODER, MISMATCH, 1_000, WINDOW_START.plusSeconds(5));

        assertEquals(3, full);
        assertEquals(List.of(), budget.takeEnded(WINDOW_END.minusMillis(1)), "nothing is owed while the window is open");
        assertEquals(List.of(new RejectionBudget.Summary(FLOODER, MISMATCH, "stripe", 401, 997, WINDOW_START, WINDOW_END)),
                budget.takeEnded(WINDOW_END));
        assertEquals(List.of(), budget.takeEnded(WINDOW_END.plusSeconds(1)), "a summary is handed out once");
    }

    @Test
    void eachReasonOfAnAddressIsASourceOfItsOwn() {
        long mismatched = admitted(FLOODER, MISMATCH, 4, WINDOW_START);
        long stale = admitted(FLOODER, "STALE", 4, WINDOW_START);

        assertEquals(3, mismatched);
        assertEquals(2, stale, "the window's five full records are used up by then");
        assertEquals(List.of(
                        new RejectionBudget.Summary(FLOODER, MISMATCH, "stripe", 401, 1, WINDOW_START, WINDOW_END),
                        new RejectionBudget.Summary(FLOODER, "STALE", "stripe", 401, 2, WINDOW_START, WINDOW_END)),
                budget.takeEnded(WINDOW_END));
    }

    @Test
    void addressesFirstSeenAfterTheWindowsFullRecordsAreUsedUpShareOneSummaryPerReason() {
        for (int i = 0; i < 5; i++) {
            assertTrue(budget.admit("198.51.100." + i, MISMATCH, "stripe", 401, WINDOW_START));
        }
        long later = IntStream.range(5, 100_005)
                .filter(i -> budget.admit("10.0." + (i / 256) + "." + (i % 256), MISMATCH, "stripe", 401, WINDOW_START.plusSeconds(1)))
                .count();

        assertEquals(0, later);
        assertEquals(List.of(new RejectionBudget.Summary(null, MISMATCH, "stripe", 401, 100_000, WINDOW_START, WINDOW_END)),
                budget.takeEnded(WINDOW_END), "one summary for every untracked address, not one each");
    }

    @Test
    void theCountsOfAWindowAddUpToItsRejections() {
        int rejections = 0;
        long full = 0;
        for (int i = 0; i < 50; i++) {
            full += admitted("192.0.2." + (i % 7), i % 2 == 0 ? MISMATCH : "MISSING", i + 1, WINDOW_START.plusMillis(i));
            rejections += i + 1;
        }

        long summarized = budget.takeEnded(WINDOW_END).stream().mapToLong(RejectionBudget.Summary::count).sum();

        assertEquals(5, full);
        assertEquals(rejections, full + summarized);
    }

    @Test
    void theNextWindowStartsAfreshAndTheEndedOnesSummaryWaitsForItsTurn() {
        admitted(FLOODER, MISMATCH, 10, WINDOW_START);

        long nextWindow = admitted(FLOODER, MISMATCH, 10, WINDOW_END.plusSeconds(2));

        assertEquals(3, nextWindow, "the budget is per window");
        assertEquals(List.of(new RejectionBudget.Summary(FLOODER, MISMATCH, "stripe", 401, 7, WINDOW_START, WINDOW_END)),
                budget.takeEnded(WINDOW_END.plusSeconds(3)));
        assertEquals(List.of(new RejectionBudget.Summary(FLOODER, MISMATCH, "stripe", 401, 7, WINDOW_END, WINDOW_END.plusSeconds(60))),
                budget.takeEnded(WINDOW_END.plusSeconds(200)), "a window with no rejection after it ends all the same");
    }

    @Test
    void aSummaryOfRejectionsNamingDifferentProvidersSaysSeveral() {
        admitted(FLOODER, "UNKNOWN_PROVIDER", 3, WINDOW_START);
        budget.admit(FLOODER, "UNKNOWN_PROVIDER", "paypal", 404, WINDOW_START);
        budget.admit(FLOODER, "UNKNOWN_PROVIDER", "adyen", 404, WINDOW_START);

        var summary = budget.takeEnded(WINDOW_END).get(0);

        assertEquals(RejectionBudget.SEVERAL_PROVIDERS, summary.provider());
        assertEquals(2, summary.count());
    }

    @Test
    void closingHandsOutTheOpenWindowCutShortAndRecordsEverythingAfterInFull() {
        admitted(FLOODER, MISMATCH, 10, WINDOW_START);
        Instant stop = WINDOW_START.plusSeconds(20);

        var owed = budget.close(stop);
        long afterClose = admitted(FLOODER, MISMATCH, 10, stop.plusMillis(1));

        assertEquals(List.of(new RejectionBudget.Summary(FLOODER, MISMATCH, "stripe", 401, 7, WINDOW_START, stop)), owed);
        assertEquals(10, afterClose, "no rejection is counted into a summary that would never be written");
        assertEquals(List.of(), budget.takeEnded(WINDOW_END.plusSeconds(60)));
    }

    @Test
    void aClockSteppedBackStaysInTheOpenWindow() {
        admitted(FLOODER, MISMATCH, 3, WINDOW_START.plusSeconds(30));

        boolean recorded = budget.admit(FLOODER, MISMATCH, "stripe", 401, WINDOW_START.minusSeconds(30));

        assertFalse(recorded);
        assertEquals(1, budget.takeEnded(WINDOW_END).get(0).count());
    }
}
