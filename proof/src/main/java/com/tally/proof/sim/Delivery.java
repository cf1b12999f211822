package com.tally.proof.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * One request the simulated processor or shop sends: a placement or a webhook delivery. A
 * delivery that depends on another is sent only after that one was answered 2xx, as a processor
 * sends a refund only after the charge it refunds.
 */
public final class Delivery {

    public enum Kind { PLACEMENT, WEBHOOK }

    final long id;
    final Kind kind;
    final String orderId;
    final String eventId;
    final String type;
    final String transactionId;
    final boolean forged;
    final long delayMs;
    final List<Delivery> dependents = new ArrayList<>();
    final Story story;
    int attempts;
    int status;

    Delivery(long id, Kind kind, Story story, String eventId, String type, String transactionId, boolean forged, long delayMs) {
        this.id = id;
        this.kind = kind;
        this.story = story;
        this.orderId = story.orderId();
        this.eventId = eventId;
        this.type = type;
        this.transactionId = transactionId;
        this.forged = forged;
        this.delayMs = delayMs;
    }

    void after(Delivery prerequisite) {
        prerequisite.dependents.add(this);
    }

    boolean accepted() {
        return status / 100 == 2;
    }

    /** What a run must be answered: 202 for a placement, 200 for a webhook, 401 for a forged one. */
    int expectedStatus() {
        return kind == Kind.PLACEMENT ? 202 : forged ? 401 : 200;
    }
}
