package com.tally.proof.warehouse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The warehouse's books: every call, who holds each Idempotency-Key, the answer kept for it, and
 * the shipments made per order and request ID. One lock guards it all: claiming a key and
 * keeping its answer must be atomic, and the warehouse's traffic is a test's, not a shop's.
 *
 * <p>Idempotency is per Idempotency-Key, as a real warehouse keeps it; the counts are per request
 * ID from the body. So a dispatcher that sent one request under two keys would show as two
 * shipments for one request ID, which is what the counts are there to catch.
 */
final class ShipmentLedger {

    /** What a call found under its key. */
    enum Claim {
        /** Nobody has it: this call makes the answer. */
        NEW,
        /** Another call with this key is being answered right now (a slow or held one). */
        IN_PROGRESS,
        /** Answered before: the same answer is given again. */
        ANSWERED
    }

    private static final class Key {
        int calls;
        boolean inProgress;
        Answer answer;
    }

    private static final class Tally {
        long calls;
        final SortedSet<Integer> attempts = new TreeSet<>();
        final Map<Integer, Long> answers = new TreeMap<>();
        final List<Shipment> shipments = new ArrayList<>();
    }

    private final Map<String, Key> keys = new HashMap<>();
    /** order ID → request ID → its tally, in the order first seen */
    private final Map<String, Map<String, Tally>> orders = new LinkedHashMap<>();
    private final Map<Integer, Long> answers = new TreeMap<>();
    private long calls;
    private long callsWithoutRequest;

    /**
     * Counts a call; {@code request} is null when the call's key or body was unusable.
     *
     * @return the how-manieth call with this key it is (0 without a key)
     */
    synchronized int called(String key, ShipmentRequest request) {
        calls++;
        if (request == null) {
            callsWithoutRequest++;
            return 0;
        }
        Tally tally = tally(request);
        tally.calls++;
        if (request.attempt() != null) {
            tally.attempts.add(request.attempt());
        }
        return ++keys.computeIfAbsent(key, k -> new Key()).calls;
    }

    synchronized void answered(ShipmentRequest request, int status) {
        answers.merge(status, 1L, Long::sum);
        if (request != null) {
            tally(request).answers.merge(status, 1L, Long::sum);
        }
    }

    synchronized Claim claim(String key) {
        Key entry = keys.computeIfAbsent(key, k -> new Key());
        if (entry.answer != null) {
            return Claim.ANSWERED;
        }
        if (entry.inProgress) {
            return Claim.IN_PROGRESS;
        }
        entry.inProgress = true;
        return Claim.NEW;
    }

    /** The answer kept for a key that {@link #claim} found {@link Claim#ANSWERED}: it never changes once kept. */
    synchronized Answer answerFor(String key) {
        return keys.get(key).answer;
    }

    /** Makes the one shipment of a claimed key and keeps its answer. */
    synchronized Shipment ship(String key, ShipmentRequest request, Instant at) {
        // random, not a counter: a restarted simulator must not reuse an ID that a callback already carried into Kafka
        var shipment = new Shipment("shp_" + UUID.randomUUID().toString().replace("-", ""), request.orderId(), request.requestId(), at);
        tally(request).shipments.add(shipment);
        keep(key, Answer.shipped(shipment));
        return shipment;
    }

    /** Keeps a final answer without a shipment (a rejection) for a claimed key. */
    synchronized void keep(String key, Answer answer) {
        Key entry = keys.get(key);
        entry.answer = answer;
        entry.inProgress = false;
    }

    /** Gives up a claim without an answer: the next call with the key makes it. */
    synchronized void abandon(String key) {
        keys.get(key).inProgress = false;
    }

    /** @param reporting whether shipments are reported to ingest as they move, so that one not yet reported is still to come */
    synchronized WarehouseSummary summary(boolean reporting) {
        int requestIds = 0;
        int shipments = 0;
        int repeated = 0;
        int unreported = 0;
        for (Map<String, Tally> requests : orders.values()) {
            for (Tally tally : requests.values()) {
                requestIds++;
                shipments += tally.shipments.size();
                if (tally.shipments.size() > 1) {
                    repeated++;
                }
                unreported += reporting ? (int) tally.shipments.stream().filter(s -> !s.reported()).count() : 0;
            }
        }
        return new WarehouseSummary(calls, orders.size(), requestIds, shipments, repeated, callsWithoutRequest, new TreeMap<>(answers),
                unreported);
    }

    synchronized OrderShipments order(String orderId) {
        var requests = new ArrayList<OrderShipments.Request>();
        long orderCalls = 0;
        int orderShipments = 0;
        for (Map.Entry<String, Tally> entry : orders.getOrDefault(orderId, Map.of()).entrySet()) {
            Tally tally = entry.getValue();
            orderCalls += tally.calls;
            orderShipments += tally.shipments.size();
            requests.add(new OrderShipments.Request(entry.getKey(), tally.calls, Collections.unmodifiableSortedSet(new TreeSet<>(tally.attempts)),
                    new TreeMap<>(tally.answers), tally.shipments.size(), tally.shipments.stream().map(Shipment::view).toList()));
        }
        return new OrderShipments(orderId, orderCalls, orderShipments, List.copyOf(requests));
    }

    private Tally tally(ShipmentRequest request) {
        return orders.computeIfAbsent(request.orderId(), o -> new LinkedHashMap<>()).computeIfAbsent(request.requestId(), r -> new Tally());
    }
}
