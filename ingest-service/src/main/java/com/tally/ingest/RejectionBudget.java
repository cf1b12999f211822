package com.tally.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rejections are recorded one by one on {@code payments.webhooks.rejected} and which are
 * only counted into a summary, so that a flood of forged webhooks cannot fill the brokers' disks
 * while every rejection stays accounted for. Time is cut into fixed windows. In each, one source
 * (remote address and reason) gets at most {@code perSource} full records and all sources
 * together at most {@code perWindow}; the rest are counted, and once the window has ended each
 * source with a count is owed one summary.
 *
 * <p>A source first seen after the window's full records are used up is not tracked on its own:
 * it would cost memory and a summary of its own, and a flood from many addresses would grow both
 * without bound. It is counted per reason with every other such source instead. So memory and
 * records per window are bounded by {@code perWindow} and the number of reasons, which the code
 * names, not the sender. Time is passed in, so the rules are tested without a clock or Kafka.
 */
final class RejectionBudget {

    /** The provider of a summary whose rejections named more than one. */
    static final String SEVERAL_PROVIDERS = "(several)";

    /**
     * @param perSource full records per remote address and reason per window
     * @param perWindow full records per window across every address
     */
    record Limits(Duration window, int perSource, int perWindow) {

        /**
         * 20 a minute per address and reason are enough to see what a sender sends and how; 100 a
         * minute in all keeps a flood from many addresses at 100 full records and at most 100
         * summaries (plus one per reason) a minute. These are constants, not settings: what keeps
         * the disk is the topic's retention (TopicProvisioner), and how many samples of a flood
         * are worth keeping does not change from one deployment to the next.
         */
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(60), 20, 100);

        Limits {
            if (window.toMillis() < 1 || perSource < 1 || perWindow < perSource) {
                throw new IllegalArgumentException("limits need a window of at least 1 ms and 1 <= perSource <= perWindow, not "
                        + window + ", " + perSource + ", " + perWindow);
            }
        }
    }

    /**
     * Rejections of one window that were counted but not recorded one by one.
     *
     * @param remoteAddress null for the addresses that had no record of their own in the window
     * @param provider      the provider the rejections named, or {@link #SEVERAL_PROVIDERS}
     * @param until         the window's end, or the moment the budget closed when that came first
     */
    record Summary(String remoteAddress, String reason, String provider, int httpStatus, long count, Instant from, Instant until) {
    }

    private record Source(String remoteAddress, String reason) {
    }

    /** One source's rejections in the open window. */
    private static final class Tally {
        private int recorded;
        private long counted;
        private String provider;
        private int httpStatus;

        void count(String provider, int httpStatus) {
            if (counted == 0) {
                this.provider = provider;
                this.httpStatus = httpStatus;
            } else if (!provider.equals(this.provider)) {
                this.provider = SEVERAL_PROVIDERS;
            }
            counted++;
        }
    }

    private final Limits limits;
    private final long windowMillis;
    /** The open window's number (epoch millis / window); none is open before the first rejection. */
    private long window = Long.MIN_VALUE;
    private int recordedInWindow;
    private final Map<Source, Tally> sources = new LinkedHashMap<>();
    /** By reason: the sources first seen after the window's full records were used up. */
    private final Map<String, Tally> untracked = new LinkedHashMap<>();
    private final List<Summary> owed = new ArrayList<>();
    private Instant closedAt;

    RejectionBudget(Limits limits) {
        this.limits = limits;
        this.windowMillis = limits.window().toMillis();
    }

    Limits limits() {
        return limits;
    }

    /**
     * @return true when this rejection is to be recorded in full; false when it was counted into
     *         its window's summary instead
     */
    synchronized boolean admit(String remoteAddress, String reason, String provider, int httpStatus, Instant now) {
        if (closedAt != null) {
            // nothing flushes after close: a rejection still arriving is recorded in full, or its answer says it was not
            return true;
        }
        roll(now);
        var source = new Source(remoteAddress, reason);
        Tally tally = sources.get(source);
        if (tally == null) {
            if (recordedInWindow >= limits.perWindow()) {
                untracked.computeIfAbsent(reason, r -> new Tally()).count(provider, httpStatus);
                return false;
            }
            tally = new Tally();
            sources.put(source, tally);
        }
        if (tally.recorded < limits.perSource() && recordedInWindow < limits.perWindow()) {
            tally.recorded++;
            recordedInWindow++;
            return true;
        }
        tally.count(provider, httpStatus);
        return false;
    }

    /** The summaries of every window that has ended by {@code now}, each handed out once. */
    synchronized List<Summary> takeEnded(Instant now) {
        if (closedAt == null) {
            roll(now);
        }
        var taken = List.copyOf(owed);
        owed.clear();
        return taken;
    }

    /**
     * Ends the open window now, for a service that stops: returns every summary still owed, and
     * from then on every rejection is recorded in full, so none is counted into a summary that
     * would never be written.
     */
    synchronized List<Summary> close(Instant now) {
        if (closedAt == null) {
            if (window != Long.MIN_VALUE) {
                end(Instant.ofEpochMilli(Math.min(now.toEpochMilli(), (window + 1) * windowMillis)));
            }
            closedAt = now;
        }
        return takeEnded(now);
    }

    private void roll(Instant now) {
        long current = Math.floorDiv(now.toEpochMilli(), windowMillis);
        // a clock stepped back stays in the open window: windows only move forward
        if (current > window) {
            if (window != Long.MIN_VALUE) {
                end(Instant.ofEpochMilli((window + 1) * windowMillis));
            }
            window = current;
        }
    }

    private void end(Instant until) {
        Instant from = Instant.ofEpochMilli(window * windowMillis);
        sources.forEach((source, tally) -> {
            if (tally.counted > 0) {
                owed.add(new Summary(source.remoteAddress(), source.reason(), tally.provider, tally.httpStatus, tally.counted, from, until));
            }
        });
        untracked.forEach((reason, tally) ->
                owed.add(new Summary(null, reason, tally.provider, tally.httpStatus, tally.counted, from, until)));
        sources.clear();
        untracked.clear();
        recordedInWindow = 0;
    }
}
