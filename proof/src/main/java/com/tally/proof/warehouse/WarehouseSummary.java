package com.tally.proof.warehouse;

import java.util.Map;

/**
 * What the warehouse has seen, in totals ({@code GET /warehouse/shipments}). A correct dispatcher
 * may make more calls than there are shipments (its repeats), never more than one shipment per
 * request ID: {@code requestIdsWithMoreThanOneShipment} is the count that must stay 0.
 *
 * @param calls              every {@code POST /shipments} that reached the warehouse, whatever its answer
 * @param callsWithoutRequest calls whose Idempotency-Key or body was unusable (answered 400), so no order holds them
 * @param answers            calls per status answered, e.g. {@code {"201": 3, "409": 1}}
 * @param shipmentsReporting shipments whose shipped or delivered callback ingest has not taken yet (0 when the
 *                           warehouse sends no callbacks): the verifier waits for 0 before it judges the orders
 */
public record WarehouseSummary(long calls, int orders, int requestIds, int uniqueShipments, int requestIdsWithMoreThanOneShipment,
                               long callsWithoutRequest, Map<Integer, Long> answers, int shipmentsReporting) {
}
