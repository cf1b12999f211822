package com.tally.console.lag;

import java.time.Instant;
import java.util.Objects;

/**
 * One look at one partition of one group, at a wall-clock time.
 *
 * @param at              when the offsets were read
 * @param committedOffset the group's committed offset, -1 when it has committed none for the partition
 * @param logEndOffset    the partition's log-end offset
 * @param dataWaiting     whether a data record (not a transaction marker) sits at or after the committed
 *                        offset: the group has something left to consume. An exactly-once consumer that has
 *                        read everything can show an offset lag of 1, the commit marker after its last
 *                        record; that is not data waiting.
 */
public record PartitionSample(Instant at, long committedOffset, long logEndOffset, boolean dataWaiting) {

    /** What the Admin API reports for a partition the group has never committed. */
    public static final long NO_COMMITTED_OFFSET = -1;

    public PartitionSample {
        Objects.requireNonNull(at, "at");
        if (committedOffset < NO_COMMITTED_OFFSET) {
            throw new IllegalArgumentException("committedOffset " + committedOffset
                    + " is not an offset: pass the group's committed offset, or -1 when it has none");
        }
        if (logEndOffset < 0) {
            throw new IllegalArgumentException("logEndOffset " + logEndOffset
                    + " is not an offset: pass the partition's log-end offset as the Admin API lists it (OffsetSpec.latest())");
        }
    }

    /** The offset lag: log-end offset minus committed offset, or the whole log-end offset when nothing is committed. */
    public long lag() {
        return logEndOffset - Math.max(committedOffset, 0);
    }
}
