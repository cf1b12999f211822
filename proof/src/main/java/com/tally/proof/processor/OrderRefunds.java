package com.tally.proof.processor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the processor simulator has seen of one order's refunds ({@code GET
 * /processor/refunds?orderId=}): the calls to {@code POST /v1/refunds} naming the order in
 * {@code metadata[order_id]}, grouped by the refund ID they carry in {@code metadata[refund_id]}
 * (Tally's refund request ID), and the refunds each group made. An order it never heard of has no
 * requests and zero counts.
 */
public record OrderRefunds(String orderId, long calls, int uniqueRefunds, List<Request> requests) {

    /**
     * @param idempotencyKeys the keys the calls carried (Tally sends the refund ID as the key)
     * @param answers         calls per status answered
     * @param uniqueRefunds   refunds made at the processor for this refund ID: more than one is money returned twice
     */
    public record Request(String refundRequestId, long calls, List<String> idempotencyKeys, Map<Integer, Long> answers, int uniqueRefunds,
                          List<Refund> refunds) {
    }

    /**
     * One refund the processor made.
     *
     * @param refundId         the processor's ID ({@code re_…})
     * @param webhookDelivered whether ingest answered 2xx to its {@code charge.refunded} webhook
     */
    public record Refund(String refundId, String paymentIntent, long amount, String currency, String idempotencyKey, Instant createdAt,
                         boolean webhookDelivered) {
    }
}
