package com.tally.console.lag;

/**
 * The status of one consumer group (see {@link LagRules#group}): its worst partition's status, or
 * {@link #STOPPED} when no member is left to consume what is waiting. Declared from best to worst.
 */
public enum GroupStatus {
    OK(Severity.OK),
    WARN(Severity.WARN),
    STALL(Severity.ERR),
    STOP(Severity.ERR),
    REWIND(Severity.ERR),
    /** Data waiting and no member: the app is not running (killed, or never started). */
    STOPPED(Severity.ERR);

    /** Burrow's group-level view: anything worse than WARN is ERR. */
    public enum Severity { OK, WARN, ERR }

    private final Severity severity;

    GroupStatus(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    static GroupStatus of(PartitionStatus partition) {
        return switch (partition) {
            case OK -> OK;
            case WARN -> WARN;
            case STALL -> STALL;
            case STOP -> STOP;
            case REWIND -> REWIND;
        };
    }
}
