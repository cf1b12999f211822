package com.tally.proof.sim;

/**
 * How often each thing a real processor does happens in a simulation, as fractions: of webhook
 * deliveries for {@code duplicates}, {@code outOfOrder}, {@code delayed} and {@code forged}; of
 * orders for the rest. {@code unstocked} is the share of orders paid once and never refunded by
 * the processor itself that hold {@link Story#UNSTOCKED_SKU}, which a warehouse in reject mode
 * rejects, so that they are compensated.
 */
public record Mix(double duplicates, double outOfOrder, double delayed, double webhooksFirst, double failedThenSucceeded,
                  double onlyFailed, double secondCharge, double refunded, double forged, double unstocked) {

    /**
     * How many extra copies of one webhook are delivered, given a uniform draw in [0, 1):
     * {@code duplicates} is their mean, so 0.3 delivers three webhooks in ten twice and 2 delivers
     * every webhook three times.
     */
    public int copiesOf(double draw) {
        int whole = (int) Math.floor(duplicates);
        return whole + (draw < duplicates - whole ? 1 : 0);
    }

    /** The defaults: 30 % duplicate deliveries, a little of everything else. */
    public static Mix defaults() {
        return new Mix(0.30, 0.10, 0.05, 0.10, 0.10, 0.05, 0.05, 0.05, 0.02, 0.03);
    }
}
