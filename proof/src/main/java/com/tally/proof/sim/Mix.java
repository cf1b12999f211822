package com.tally.proof.sim;

/**
 * How often each thing a real processor does happens in a simulation, as fractions: of webhook
 * deliveries for {@code duplicates}, {@code outOfOrder}, {@code delayed} and {@code forged}; of
 * orders for the rest.
 */
public record Mix(double duplicates, double outOfOrder, double delayed, double webhooksFirst, double failedThenSucceeded,
                  double onlyFailed, double secondCharge, double refunded, double forged) {

    /** The defaults: 30 % duplicate deliveries, a little of everything else. */
    public static Mix defaults() {
        return new Mix(0.30, 0.10, 0.05, 0.10, 0.10, 0.05, 0.05, 0.05, 0.02);
    }
}
