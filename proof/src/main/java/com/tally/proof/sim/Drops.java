package com.tally.proof.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Which orders' successful-charge webhooks a broken network loses: every delivery of them, copies
 * included, so Tally never hears of the charge and only the processor's report can heal it.
 */
public final class Drops {

    private Drops() {
    }

    /**
     * The orders whose charge is lost: {@code share} of the orders paid once and kept (one
     * successful charge, no refund, a stocked item), rounded, drawn from the seed. Only those: a
     * lost charge whose refund or retry follows would leave the processor's own later webhooks
     * waiting for an answer that never came, and a healed order must end exactly as a delivered
     * one (paid, fulfilled and mailed once).
     */
    public static Set<String> choose(List<Story> stories, double share, long seed) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("--drop must be a share between 0 and 1, such as 0.1; it was " + share);
        }
        var eligible = new ArrayList<String>();
        for (Story story : stories) {
            if (droppable(story)) {
                eligible.add(story.orderId());
            }
        }
        // a draw of its own, so the stories and the mix of a seed stay what they were without drops
        Collections.shuffle(eligible, new Random(seed * 31 + 0xD809L));
        return Set.copyOf(eligible.subList(0, (int) Math.round(share * eligible.size())));
    }

    static boolean droppable(Story story) {
        return story.charges().size() == 1 && story.charges().get(0).succeeds() && !story.refunded()
                && Story.STOCKED_SKU.equals(story.sku());
    }
}
