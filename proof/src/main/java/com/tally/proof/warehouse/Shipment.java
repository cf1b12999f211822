package com.tally.proof.warehouse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One shipment the warehouse created for a request: what it has done with it so far, and how
 * its callbacks to ingest fared. Its state moves on the callback scheduler while queries read it
 * from request threads, hence the locking.
 */
public final class Shipment {

    public enum State { ACCEPTED, SHIPPED, DELIVERED }

    /**
     * How one callback fared: it is acknowledged once ingest answered it 2xx; until then
     * {@code lastFailure} says what the last attempt got.
     */
    public record Callback(String type, String webhookId, int attempts, String lastFailure, Instant acknowledgedAt) {
    }

    /** The shipment as the warehouse's queries show it; a time is null until its state is reached. */
    public record View(String shipmentId, State state, Instant acceptedAt, Instant shippedAt, Instant deliveredAt,
                       List<Callback> callbacks) {
    }

    private final String shipmentId;
    private final String orderId;
    private final String requestId;
    private final Instant acceptedAt;
    private State state = State.ACCEPTED;
    private Instant shippedAt;
    private Instant deliveredAt;
    private final Map<String, Callback> callbacks = new LinkedHashMap<>();

    Shipment(String shipmentId, String orderId, String requestId, Instant acceptedAt) {
        this.shipmentId = shipmentId;
        this.orderId = orderId;
        this.requestId = requestId;
        this.acceptedAt = acceptedAt;
    }

    String shipmentId() {
        return shipmentId;
    }

    String orderId() {
        return orderId;
    }

    String requestId() {
        return requestId;
    }

    Instant acceptedAt() {
        return acceptedAt;
    }

    synchronized void shipped(Instant at) {
        state = State.SHIPPED;
        shippedAt = at;
    }

    synchronized void delivered(Instant at) {
        state = State.DELIVERED;
        deliveredAt = at;
    }

    synchronized void callbackFailed(String type, String webhookId, String failure) {
        Callback before = callbacks.get(type);
        callbacks.put(type, new Callback(type, webhookId, attempts(before) + 1, failure, null));
    }

    /** @return the attempts it took */
    synchronized int callbackAcknowledged(String type, String webhookId, Instant at) {
        int attempts = attempts(callbacks.get(type)) + 1;
        callbacks.put(type, new Callback(type, webhookId, attempts, null, at));
        return attempts;
    }

    /** Delivered, and both its callbacks taken by ingest: nothing more will come of it. */
    synchronized boolean reported() {
        return state == State.DELIVERED && callbacks.size() == 2 && callbacks.values().stream().allMatch(c -> c.acknowledgedAt() != null);
    }

    private static int attempts(Callback callback) {
        return callback == null ? 0 : callback.attempts();
    }

    synchronized View view() {
        return new View(shipmentId, state, acceptedAt, shippedAt, deliveredAt, List.copyOf(new ArrayList<>(callbacks.values())));
    }
}
