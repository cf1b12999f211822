package com.tally.console.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Burrow's lag status rules, evaluated over a window of wall-clock time ({@code TALLY_LAG_WINDOW})
 * instead of a count of commits, on what a sampler saw: no Kafka here. docs/LAG.md states the same rules.
 *
 * <p>A partition's status comes from its samples taken within {@code [now - window, now]}, oldest first.
 * The first rule that applies decides:
 * <ol>
 *   <li><b>OK</b> when there are no samples, or when nothing was waiting in any of them (the latest
 *       included): a consumer that was caught up at some point in the window is OK.</li>
 *   <li><b>REWIND</b> when the committed offset went down between two consecutive samples (a reset, a
 *       replay, or a deleted commit, which reads as -1), even if it moved on after.</li>
 *   <li><b>STOP</b> when the committed offset has stood still for nine tenths of the window or more. It
 *       stands still since the first of the trailing samples that show the latest offset, and at least two
 *       samples must show it. Nine tenths rather than the whole window because the oldest sample in the
 *       window is up to one sampling interval younger than the window; this holds while the sampler looks
 *       at least every {@link #longestSamplingInterval tenth of the window}.</li>
 *   <li><b>STALL</b> when the committed offset stands still across two samples or more, for less than that:
 *       stuck, not yet for a whole window. A consumer paused with data waiting shows STALL, then STOP.</li>
 *   <li><b>WARN</b> when the committed offset moved, the lag ({@link PartitionSample#lag()}) never went
 *       down between two consecutive samples and is larger in the latest sample than in the oldest: the
 *       consumer falls behind.</li>
 *   <li><b>OK</b> otherwise; a single sample is OK, as it shows nothing moving nor standing still.</li>
 * </ol>
 * Rules 3 to 5 only see samples with data waiting, because of rule 1.
 *
 * <p>A group's status: <b>STOPPED</b> when it has no member and data is waiting in one of its partitions
 * (a killed app); otherwise its worst partition's status, in the order of {@link PartitionStatus}; OK
 * without partitions.
 */
public final class LagRules {

    private LagRules() {
    }

    /** The status of one partition of one group, from its samples of the window, oldest first. */
    public static PartitionStatus partition(List<PartitionSample> samplesOldestFirst, Duration window, Instant now) {
        List<PartitionSample> samples = requireWindowSamples(samplesOldestFirst, window, now);
        if (samples.isEmpty() || samples.stream().anyMatch(sample -> !sample.dataWaiting())) {
            return PartitionStatus.OK;
        }
        if (wentBack(samples)) {
            return PartitionStatus.REWIND;
        }
        Optional<Instant> still = standingStillSince(samples);
        if (still.isPresent()) {
            return still.get().isAfter(now.minus(stopAfter(window))) ? PartitionStatus.STALL : PartitionStatus.STOP;
        }
        return fallingBehind(samples) ? PartitionStatus.WARN : PartitionStatus.OK;
    }

    /** The status of one group: STOPPED when nobody is left to consume what waits, else its worst partition's. */
    public static GroupStatus group(Collection<PartitionStatus> partitions, boolean hasMembers, boolean anyDataWaiting) {
        Objects.requireNonNull(partitions, "partitions");
        if (!hasMembers && anyDataWaiting) {
            return GroupStatus.STOPPED;
        }
        return partitions.isEmpty() ? GroupStatus.OK : GroupStatus.of(Collections.max(partitions));
    }

    /**
     * The longest interval between two samples for which STOP still shows: a tenth of the window. A sampler
     * that looks less often than this leaves a stopped consumer at STALL.
     */
    public static Duration longestSamplingInterval(Duration window) {
        return requirePositive(window).dividedBy(10);
    }

    private static Duration stopAfter(Duration window) {
        return window.minus(longestSamplingInterval(window));
    }

    private static boolean wentBack(List<PartitionSample> samples) {
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).committedOffset() < samples.get(i - 1).committedOffset()) {
                return true;
            }
        }
        return false;
    }

    /** When the latest committed offset was first seen, if at least two trailing samples show it. */
    private static Optional<Instant> standingStillSince(List<PartitionSample> samples) {
        long latest = samples.get(samples.size() - 1).committedOffset();
        int first = samples.size() - 1;
        while (first > 0 && samples.get(first - 1).committedOffset() == latest) {
            first--;
        }
        return first < samples.size() - 1 ? Optional.of(samples.get(first).at()) : Optional.empty();
    }

    private static boolean fallingBehind(List<PartitionSample> samples) {
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).lag() < samples.get(i - 1).lag()) {
                return false;
            }
        }
        return samples.get(samples.size() - 1).lag() > samples.get(0).lag();
    }

    private static List<PartitionSample> requireWindowSamples(List<PartitionSample> samples, Duration window, Instant now) {
        Objects.requireNonNull(samples, "samplesOldestFirst");
        Objects.requireNonNull(now, "now");
        Instant start = now.minus(requirePositive(window));
        Instant previous = start;
        for (PartitionSample sample : samples) {
            if (sample.at().isBefore(start) || sample.at().isAfter(now)) {
                throw new IllegalArgumentException("sample at " + sample.at() + " is outside the window [" + start + ", " + now
                        + "]: pass only the samples taken within the window before now");
            }
            if (sample.at().isBefore(previous)) {
                throw new IllegalArgumentException("sample at " + sample.at() + " is listed after a later one at " + previous
                        + ": pass the samples oldest first");
            }
            previous = sample.at();
        }
        return samples;
    }

    private static Duration requirePositive(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window " + window + " is not positive: set TALLY_LAG_WINDOW to a duration such as PT2M");
        }
        return window;
    }
}
