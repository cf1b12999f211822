package com.tally.console.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The lag status rules without Kafka: given the samples of a window, when evaluated at a moment, expect a status. */
class LagRulesTest {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(2);

    /** A look at second {@code second} after T0 with data waiting. */
    private static PartitionSample waiting(long second, long committed, long logEnd) {
        return new PartitionSample(T0.plusSeconds(second), committed, logEnd, true);
    }

    /** A look at second {@code second} after T0 with nothing left to consume. */
    private static PartitionSample caughtUp(long second, long committed, long logEnd) {
        return new PartitionSample(T0.plusSeconds(second), committed, logEnd, false);
    }

    private static PartitionStatus at(long second, List<PartitionSample> samples) {
        return LagRules.partition(samples, WINDOW, T0.plusSeconds(second));
    }

    /** The sampler's view at {@code now}: one look every 5 s of the window, as {@code look} gives it for a second. */
    private static List<PartitionSample> lookEvery5s(long now, LongFunction<PartitionSample> look) {
        long first = Math.max(0, now - WINDOW.toSeconds());
        return LongStream.rangeClosed(first, now).filter(second -> second % 5 == 0).mapToObj(look).toList();
    }

    /** A consumer that keeps {@code backlog} behind a log growing by 10 a second until it pauses at {@code pausedAt}. */
    private static LongFunction<PartitionSample> pausedAt(long pausedAt, long backlog) {
        LongUnaryOperator committed = second -> 10 * Math.min(second, pausedAt);
        return second -> {
            long logEnd = 10 * second + backlog;
            long offset = committed.applyAsLong(second);
            return new PartitionSample(T0.plusSeconds(second), offset, logEnd, offset < logEnd);
        };
    }

    // --- rule 1: OK when nothing waits, now or at any moment of the window

    @Test
    void noSamplesIsOk() {
        assertEquals(PartitionStatus.OK, at(0, List.of()));
    }

    @Test
    void nothingWaitingInTheLatestSampleIsOk() {
        var samples = List.of(waiting(0, 10, 20), waiting(60, 10, 30), caughtUp(120, 30, 30));

        assertEquals(PartitionStatus.OK, at(120, samples));
    }

    @Test
    void waitingNowButCaughtUpEarlierInTheWindowIsOk() {
        var samples = List.of(caughtUp(0, 10, 10), waiting(60, 10, 30), waiting(120, 10, 50));

        assertEquals(PartitionStatus.OK, at(120, samples));
    }

    @Test
    void idleExactlyOnceConsumerWithOffsetLagOfOneIsOk() {
        // the commit marker after its last record stays ahead of the committed offset: lag 1, nothing to read
        var samples = lookEvery5s(120, second -> caughtUp(second, 41, 42));

        assertEquals(PartitionStatus.OK, at(120, samples));
    }

    // --- rule 2: REWIND

    @Test
    void committedOffsetGoingBackIsRewind() {
        var samples = List.of(waiting(0, 500, 600), waiting(5, 0, 600), waiting(10, 0, 610));

        assertEquals(PartitionStatus.REWIND, at(10, samples));
    }

    @Test
    void rewindStaysRewindWhileTheConsumerMovesOnWithinTheWindow() {
        var samples = List.of(waiting(0, 500, 600), waiting(5, 0, 600), waiting(10, 100, 610), waiting(15, 300, 620));

        assertEquals(PartitionStatus.REWIND, at(15, samples));
    }

    @Test
    void deletedCommitIsRewind() {
        var samples = List.of(waiting(0, 500, 600), waiting(5, PartitionSample.NO_COMMITTED_OFFSET, 600));

        assertEquals(PartitionStatus.REWIND, at(5, samples));
    }

    // --- rules 3 and 4: STOP and STALL

    @Test
    void offsetStandingStillAcrossTheWholeWindowIsStop() {
        var samples = lookEvery5s(300, second -> waiting(second, 100, 100 + second));

        assertEquals(PartitionStatus.STOP, at(300, samples));
    }

    @Test
    void offsetStandingStillAcrossAPartlyCoveredWindowIsStall() {
        // the console has been looking for 30 s only
        var samples = lookEvery5s(30, second -> waiting(second, 100, 200));

        assertEquals(PartitionStatus.STALL, at(30, samples));
    }

    @Test
    void offsetStandingStillSinceMidWindowIsStall() {
        var samples = List.of(waiting(0, 100, 200), waiting(60, 150, 250), waiting(120, 150, 300));

        assertEquals(PartitionStatus.STALL, at(120, samples));
    }

    @Test
    void stopStartsWhenTheOffsetHasStoodStillForNineTenthsOfTheWindow() {
        // 108 s is nine tenths of PT2M: the oldest look of a window sampled every 12 s or faster is at least that old
        var samples = List.of(waiting(0, 100, 200), waiting(1, 100, 200));

        assertEquals(PartitionStatus.STALL, at(107, samples));
        assertEquals(PartitionStatus.STOP, at(108, samples));
        assertEquals(Duration.ofSeconds(12), LagRules.longestSamplingInterval(WINDOW));
    }

    @Test
    void singleLookIsNeitherStallNorStop() {
        assertEquals(PartitionStatus.OK, at(120, List.of(waiting(0, 100, 200))));
    }

    @Test
    void pausedConsumerWithABacklogShowsStallThenStopAsTimePasses() {
        var consumer = pausedAt(60, 100);

        assertEquals(PartitionStatus.OK, at(60, lookEvery5s(60, consumer)));
        assertEquals(PartitionStatus.STALL, at(65, lookEvery5s(65, consumer)));
        assertEquals(PartitionStatus.STALL, at(165, lookEvery5s(165, consumer)));
        assertEquals(PartitionStatus.STOP, at(170, lookEvery5s(170, consumer)));
        assertEquals(PartitionStatus.STOP, at(600, lookEvery5s(600, consumer)));
    }

    @Test
    void pausedConsumerThatWasCaughtUpStaysOkUntilTheWindowForgetsThatThenStops() {
        var consumer = pausedAt(60, 0);

        assertEquals(PartitionStatus.OK, at(180, lookEvery5s(180, consumer)));
        assertEquals(PartitionStatus.STOP, at(181, lookEvery5s(181, consumer)));
    }

    @Test
    void groupThatNeverCommittedWithDataWaitingStops() {
        var samples = lookEvery5s(120, second -> waiting(second, PartitionSample.NO_COMMITTED_OFFSET, 50));

        assertEquals(PartitionStatus.STOP, at(120, samples));
    }

    // --- rule 5: WARN, and rule 6

    @Test
    void movingOffsetWithGrowingLagIsWarn() {
        var samples = lookEvery5s(120, second -> waiting(second, 8 * second, 10 * second + 100));

        assertEquals(PartitionStatus.WARN, at(120, samples));
    }

    @Test
    void movingOffsetWithShrinkingLagIsOk() {
        var samples = lookEvery5s(120, second -> waiting(second, 12 * second, 10 * second + 1_000));

        assertEquals(PartitionStatus.OK, at(120, samples));
    }

    @Test
    void movingOffsetWithSteadyLagIsOk() {
        var samples = lookEvery5s(120, pausedAt(1_000, 100));

        assertEquals(PartitionStatus.OK, at(120, samples));
    }

    @Test
    void lagThatGrewOverallButShrankOnceIsOk() {
        var samples = List.of(waiting(0, 0, 100), waiting(5, 10, 150), waiting(10, 60, 160), waiting(15, 70, 300));

        assertEquals(PartitionStatus.OK, at(15, samples));
    }

    @Test
    void lagOfAGroupThatNeverCommittedIsTheLogEndOffset() {
        assertEquals(50, waiting(0, PartitionSample.NO_COMMITTED_OFFSET, 50).lag());
        assertEquals(1, caughtUp(0, 41, 42).lag());
    }

    // --- what the caller must pass

    @Test
    void samplesOutsideTheWindowAreRefused() {
        var tooOld = List.of(waiting(0, 1, 2));
        var fromTheFuture = List.of(waiting(200, 1, 2));

        var old = assertThrows(IllegalArgumentException.class, () -> at(121, tooOld));
        assertThrows(IllegalArgumentException.class, () -> at(199, fromTheFuture));
        assertTrue(old.getMessage().contains("pass only the samples taken within the window"), old.getMessage());
        assertEquals(PartitionStatus.OK, at(120, tooOld));   // the window's start is inside it
    }

    @Test
    void samplesNewestFirstAreRefused() {
        var newestFirst = List.of(waiting(10, 1, 2), waiting(5, 1, 2));

        var refused = assertThrows(IllegalArgumentException.class, () -> at(10, newestFirst));
        assertTrue(refused.getMessage().contains("oldest first"), refused.getMessage());
    }

    @Test
    void windowThatIsNotPositiveIsRefusedNamingTheVariable() {
        var refused = assertThrows(IllegalArgumentException.class, () -> LagRules.partition(List.of(), Duration.ZERO, T0));
        assertTrue(refused.getMessage().contains("TALLY_LAG_WINDOW"), refused.getMessage());
    }

    @Test
    void inputIsNeverMutated() {
        var samples = new ArrayList<>(List.of(waiting(0, 500, 600), waiting(5, 0, 600), waiting(10, 0, 610)));
        var samplesBefore = List.copyOf(samples);
        var statuses = new ArrayList<>(List.of(PartitionStatus.STOP, PartitionStatus.OK, PartitionStatus.WARN));
        var statusesBefore = List.copyOf(statuses);

        at(10, samples);
        LagRules.group(statuses, true, true);

        assertEquals(samplesBefore, samples);
        assertEquals(statusesBefore, statuses);
    }

    // --- a group

    @Test
    void groupWithoutMembersAndDataWaitingIsStopped() {
        assertEquals(GroupStatus.STOPPED, LagRules.group(List.of(PartitionStatus.OK, PartitionStatus.OK), false, true));
        assertEquals(GroupStatus.STOPPED, LagRules.group(List.of(PartitionStatus.REWIND), false, true));
        assertEquals(GroupStatus.STOPPED, LagRules.group(List.of(), false, true));
    }

    @Test
    void groupWithoutMembersAndNothingWaitingIsOk() {
        assertEquals(GroupStatus.OK, LagRules.group(List.of(PartitionStatus.OK, PartitionStatus.OK), false, false));
    }

    @Test
    void groupWithoutPartitionsIsOk() {
        assertEquals(GroupStatus.OK, LagRules.group(List.of(), true, false));
    }

    @Test
    void worstPartitionWins() {
        var ok = PartitionStatus.OK;
        var warn = PartitionStatus.WARN;
        var stall = PartitionStatus.STALL;
        var stop = PartitionStatus.STOP;
        var rewind = PartitionStatus.REWIND;

        assertEquals(GroupStatus.OK, LagRules.group(List.of(ok, ok), true, true));
        assertEquals(GroupStatus.WARN, LagRules.group(List.of(ok, warn, ok), true, true));
        assertEquals(GroupStatus.STALL, LagRules.group(List.of(stall, warn, ok), true, true));
        assertEquals(GroupStatus.STOP, LagRules.group(List.of(stall, stop, warn), true, true));
        assertEquals(GroupStatus.REWIND, LagRules.group(List.of(rewind, stop, stall, warn, ok), true, true));
        assertEquals(GroupStatus.REWIND, LagRules.group(List.of(ok, warn, stall, stop, rewind), true, true));
    }

    @Test
    void okAndWarnKeepTheirSeverityAndEverythingWorseIsErr() {
        assertEquals(GroupStatus.Severity.OK, GroupStatus.OK.severity());
        assertEquals(GroupStatus.Severity.WARN, GroupStatus.WARN.severity());
        for (var status : List.of(GroupStatus.STALL, GroupStatus.STOP, GroupStatus.REWIND, GroupStatus.STOPPED)) {
            assertEquals(GroupStatus.Severity.ERR, status.severity(), status.name());
        }
    }
}
