package com.tally.order;

/** What reconciling one transaction of a processor's report against Tally found. */
public enum ReconciliationClass {
    /** Both sides agree on the charge, its refunds and its disputes within the report's period. */
    MATCHED,
    /** The processor moved money for a transaction Tally never recorded a charge for. */
    MISSING_IN_TALLY,
    /** Tally recorded a charge inside the report's period, older than the grace, that the whole report lacks. */
    MISSING_AT_PROCESSOR,
    /** Both sides know the charge, with different amounts or currencies. */
    AMOUNT_MISMATCH,
    /** Refunded or disputed on one side only. */
    STATUS_MISMATCH,
    /** A report row of a category reconciliation does not compare (fees, payouts, adjustments): counted, not compared. */
    IGNORED;

    /** The kind of the alert this class raises, e.g. {@code reconciliation-amount-mismatch}. */
    String alertKind() {
        return "reconciliation-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
