package com.tally.proof.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Turns stories into the requests a processor and a shop send, with the mix's repeats, reorderings, delays and forgeries. */
final class Deliveries {

    private final Mix mix;
    private final Random random;
    private final List<Delivery> all = new ArrayList<>();
    private final List<Delivery> roots = new ArrayList<>();
    private final Set<String> dropped;

    Deliveries(Mix mix, long seed) {
        this(mix, seed, Set.of());
    }

    /** @param dropped orders whose successful charge's webhooks are lost: none of them is sent, not even once */
    Deliveries(Mix mix, long seed, Set<String> dropped) {
        this.mix = mix;
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.dropped = dropped;
    }

    List<Delivery> all() {
        return all;
    }

    /** The deliveries nothing else waits for: where sending starts. */
    List<Delivery> roots() {
        return roots;
    }

    Deliveries add(Story story) {
        var webhooks = new ArrayList<Delivery>();
        boolean lost = dropped.contains(story.orderId());
        for (Story.Charge charge : story.charges()) {
            if (lost && charge.succeeds()) {
                continue;
            }
            String type = charge.succeeds() ? "payment_intent.succeeded" : "payment_intent.payment_failed";
            webhooks.add(webhook(story, "evt_" + charge.transactionId() + (charge.succeeds() ? "_ok" : "_fail"), type, charge.transactionId(), false));
        }
        if (webhooks.size() > 1 && random.nextDouble() < mix.outOfOrder()) {
            Collections.reverse(webhooks);   // the second attempt's webhook overtakes the first's
        }
        Delivery placement = new Delivery(all.size(), Delivery.Kind.PLACEMENT, story, "placed-" + story.orderId(), "order", null, false, 0);
        all.add(placement);
        if (story.webhooksFirst() && !webhooks.isEmpty()) {
            // the shop is slow: the processor's webhooks arrive before the order was placed
            webhooks.forEach(roots::add);
            placement.after(webhooks.get(webhooks.size() - 1));
        } else {
            roots.add(placement);
            webhooks.forEach(w -> w.after(placement));
        }
        var originals = new ArrayList<>(webhooks);
        if (story.refunded()) {
            Delivery charge = webhooks.stream().filter(w -> w.type.endsWith("succeeded")).findFirst().orElseThrow();
            var refund = webhook(story, "evt_" + charge.transactionId + "_refund", "charge.refunded", charge.transactionId, false);
            refund.after(charge);
            originals.add(refund);
        }
        for (Delivery webhook : originals) {
            // the processor did not see our 2xx in time and delivers the same event again (and again)
            for (int copy = 0; copy < mix.copiesOf(random.nextDouble()); copy++) {
                webhook(story, webhook.eventId, webhook.type, webhook.transactionId, false).after(webhook);
            }
        }
        if (random.nextDouble() < mix.forged()) {
            roots.add(webhook(story, "evt_forged_" + story.orderId(), "payment_intent.succeeded", "pi_" + story.orderId() + "_forged", true));
        }
        return this;
    }

    private Delivery webhook(Story story, String eventId, String type, String transactionId, boolean forged) {
        long delay = random.nextDouble() < mix.delayed() ? 200 + random.nextInt(2_000) : 0;
        var delivery = new Delivery(all.size(), Delivery.Kind.WEBHOOK, story, eventId, type, transactionId, forged, delay);
        all.add(delivery);
        return delivery;
    }
}
