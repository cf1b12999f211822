package com.tally.proof.warehouse;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * What the warehouse has seen of one order ({@code GET /warehouse/shipments?orderId=}): each
 * request ID it was asked with, how often, and the shipments it made for it. An order it never
 * heard of has no requests and zero counts.
 */
public record OrderShipments(String orderId, long calls, int uniqueShipments, List<Request> requests) {

    /**
     * @param attempts the attempt numbers the calls carried
     * @param answers  calls per status answered
     */
    public record Request(String requestId, long calls, SortedSet<Integer> attempts, Map<Integer, Long> answers, int uniqueShipments,
                          List<Shipment.View> shipments) {
    }
}
