package com.tally.proof.sim;

import java.util.List;

/**
 * One order's story as the processor tells it: its charges in the order they were attempted, and
 * whether its one successful charge was later refunded in full.
 */
public record Story(String orderId, long amount, String currency, boolean webhooksFirst, List<Charge> charges, boolean refunded) {

    public record Charge(String transactionId, boolean succeeds) {
    }

    public long successfulCharges() {
        return charges.stream().filter(Charge::succeeds).count();
    }
}
