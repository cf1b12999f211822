package com.tally.proof.sim;

import java.util.List;

/**
 * One order's story as the processor tells it: its charges in the order they were attempted, and
 * whether its one successful charge was later refunded in full; and what the shop sold, one item
 * of {@code sku}.
 */
public record Story(String orderId, long amount, String currency, boolean webhooksFirst, List<Charge> charges, boolean refunded,
                    String sku) {

    /** What most orders hold. */
    public static final String STOCKED_SKU = "SKU-1";
    /** What a share of orders hold ({@link Mix#unstocked()}): a run makes its warehouse reject it, to exercise compensation. */
    public static final String UNSTOCKED_SKU = "SKU-UNSTOCKED";

    /** How many customers a run's orders are spread over: enough that an e-mail in the wrong inbox shows, few enough to read them all. */
    static final int CUSTOMERS = 16;

    public record Charge(String transactionId, boolean succeeds) {
    }

    /** The buyer's address, one of {@link #CUSTOMERS}, fixed by the order ID: its e-mails must reach this inbox and no other. */
    public String customerEmail() {
        return "customer-" + Math.floorMod(orderId.hashCode(), CUSTOMERS) + "@example.com";
    }

    public long successfulCharges() {
        return charges.stream().filter(Charge::succeeds).count();
    }
}
