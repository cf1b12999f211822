package com.tally.console.lag;

/**
 * The status of one partition of one consumer group over the lag window (see {@link LagRules#partition}).
 * Declared from best to worst: a group shows its worst partition, so this order is part of the rules.
 */
public enum PartitionStatus {
    /** Keeping up, or caught up at some point in the window. */
    OK,
    /** Committing, but the lag never shrank and grew: falling behind. */
    WARN,
    /** The committed offset stands still with data waiting, not yet for a whole window. */
    STALL,
    /** The committed offset has stood still with data waiting for the whole window: the consumer stopped. */
    STOP,
    /** The committed offset went back within the window: a reset or a replay. */
    REWIND
}
