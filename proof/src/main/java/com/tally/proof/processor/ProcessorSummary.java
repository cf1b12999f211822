package com.tally.proof.processor;

import java.util.List;
import java.util.Map;

/**
 * What the processor has seen, in totals ({@code GET /processor/refunds}). A correct dispatcher
 * may call more often than there are refunds (its repeats), never make more than one refund per
 * refund ID: {@code refundIdsRefundedMoreThanOnce} is the list that must stay empty.
 *
 * @param calls                        every {@code POST /v1/refunds} that reached the processor, whatever its answer
 * @param callsWithoutKey              calls without an Idempotency-Key: each one that succeeded made a new refund
 * @param answers                      calls per status answered, e.g. {@code {"200": 3, "409": 1}}
 * @param refundIds                    the refund IDs ({@code metadata[refund_id]}) it was asked with
 * @param charges                      the charges it knows, so can refund
 * @param webhooksPending              refunds whose {@code charge.refunded} ingest has not yet answered 2xx
 * @param refundIdsRefundedMoreThanOnce refund IDs with more than one refund made: money returned twice
 */
public record ProcessorSummary(long calls, long callsWithoutKey, Map<Integer, Long> answers, int refundIds, int uniqueRefunds,
                               int charges, int webhooksDelivered, int webhooksPending, List<String> refundIdsRefundedMoreThanOnce) {
}
