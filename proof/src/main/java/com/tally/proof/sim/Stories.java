package com.tally.proof.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The stories of a simulation, drawn from a seed so that a run can be repeated. */
public final class Stories {

    private Stories() {
    }

    public static List<Story> plan(long seed, int orders, Mix mix, String runId) {
        var random = new Random(seed);
        // a draw of its own: the stories of a seed stay what they were before orders held other SKUs
        var shelf = new Random(~seed);
        var stories = new ArrayList<Story>(orders);
        for (int i = 0; i < orders; i++) {
            String orderId = "o-" + runId + "-" + i;
            long amount = 500 + random.nextInt(20_000);
            String currency = random.nextInt(4) == 0 ? "USD" : "EUR";
            var charges = new ArrayList<Story.Charge>();
            double story = random.nextDouble();
            boolean refunded = false;
            if (story < mix.onlyFailed()) {
                charges.add(new Story.Charge("pi_" + orderId + "_a", false));
            } else if (story < mix.onlyFailed() + mix.failedThenSucceeded()) {
                charges.add(new Story.Charge("pi_" + orderId + "_a", false));
                charges.add(new Story.Charge("pi_" + orderId + "_b", true));
            } else if (story < mix.onlyFailed() + mix.failedThenSucceeded() + mix.secondCharge()) {
                charges.add(new Story.Charge("pi_" + orderId + "_a", true));
                charges.add(new Story.Charge("pi_" + orderId + "_b", true));
            } else {
                charges.add(new Story.Charge("pi_" + orderId + "_a", true));
                refunded = story < mix.onlyFailed() + mix.failedThenSucceeded() + mix.secondCharge() + mix.refunded();
            }
            boolean paidOnceAndKept = charges.size() == 1 && charges.get(0).succeeds() && !refunded;
            boolean unstocked = shelf.nextDouble() < mix.unstocked() && paidOnceAndKept;
            stories.add(new Story(orderId, amount, currency, random.nextDouble() < mix.webhooksFirst(), charges, refunded,
                    unstocked ? Story.UNSTOCKED_SKU : Story.STOCKED_SKU));
        }
        return stories;
    }
}
