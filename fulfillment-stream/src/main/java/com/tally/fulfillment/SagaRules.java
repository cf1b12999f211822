package com.tally.fulfillment;

import com.tally.schemas.FulfillmentCallback;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.FulfillmentSaga;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.SagaAttempt;
import com.tally.schemas.SagaDeadlineKind;
import com.tally.schemas.SagaStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The saga between a paid order and the warehouse, as pure functions of its state, one input and
 * the time: an order that becomes PAID gets its one request, sent as attempt 1; an answer to the
 * latest attempt settles it, or, when it failed for now, waits out a backoff before the next
 * attempt; an attempt unanswered for the acknowledgement timeout counts as failed; after the last
 * attempt the saga gives up and says so. Only the latest attempt's first answer counts: an answer
 * to an older attempt, or one arriving after its attempt was given up as unanswered, is late and
 * ignored (the warehouse dedupes on the request ID, so the next attempt gets the same answer).
 * The state passed in is never changed; a changed copy comes back.
 */
final class SagaRules {

    /** Statuses that take an order out of the paid states: its open request must not be retried any more. */
    static final Set<OrderStatus> LEFT_PAID = EnumSet.of(OrderStatus.REFUND_REQUESTED, OrderStatus.REFUNDED, OrderStatus.NEEDS_REVIEW);

    /** The answers of the warehouse dispatcher; every other outcome on fulfillment.results is this saga's own report. */
    private static final Set<FulfillmentOutcome> ANSWERS = EnumSet.of(FulfillmentOutcome.ACCEPTED, FulfillmentOutcome.REJECTED,
            FulfillmentOutcome.TRANSIENT_FAILURE);

    /** Saga statuses in which the goods may be moving, so a shipment callback moves the saga on. */
    private static final List<SagaStatus> GOODS_STEPS = List.of(SagaStatus.OPEN, SagaStatus.GAVE_UP, SagaStatus.ACCEPTED,
            SagaStatus.SHIPPED, SagaStatus.DELIVERED);

    private SagaRules() {
    }

    /** @param current the saga so far, or null when the order has none */
    static SagaStep orderChanged(FulfillmentSaga current, OrderEvent event, Instant now, RetryPolicy policy) {
        if (event.getTo() == OrderStatus.PAID && event.getFrom() != OrderStatus.PAID) {
            return open(current, event, now, policy);
        }
        if (LEFT_PAID.contains(event.getTo()) && current != null && current.getStatus() == SagaStatus.OPEN) {
            return end(current, event, now);
        }
        return SagaStep.unchanged(current, "order event " + event.getFrom() + " -> " + event.getTo() + " asks nothing of the saga");
    }

    private static SagaStep open(FulfillmentSaga current, OrderEvent event, Instant now, RetryPolicy policy) {
        if (current != null && current.getStatus() != SagaStatus.UNKNOWN) {
            return SagaStep.unchanged(current, "order " + event.getOrderId() + " already has its fulfillment request ("
                    + current.getStatus() + "): a repeated or replayed PAID sends nothing");
        }
        if (event.getItems() == null) {
            // written before order events carried the order (v3), so before fulfillment-stream existed: its first
            // start reads the whole log, and a request now could ship an order refunded since. order-stream
            // raises such an order as order-stuck if it still waits, for a person to decide
            return SagaStep.unchanged(current, "the PAID event of order " + event.getOrderId()
                    + " predates the order details on orders.events (OrderEvent v3): no request is made for it");
        }
        FulfillmentSaga saga = FulfillmentSaga.newBuilder()
                .setOrderId(event.getOrderId())
                .setRequestId(FulfillmentIds.requestId(event.getOrderId()))
                .setStatus(SagaStatus.OPEN)
                .setItems(new ArrayList<>(event.getItems()))
                .setPaidEventId(event.getEventId())
                .setOpenedAt(now)
                .setAttempts(new ArrayList<>())
                .setSeenCallbacks(current == null ? new ArrayList<>() : new ArrayList<>(current.getSeenCallbacks()))
                .build();
        return sendAttempt(saga, 1, now, policy);
    }

    private static SagaStep end(FulfillmentSaga current, OrderEvent event, Instant now) {
        FulfillmentSaga saga = copy(current, now);
        int attempt = latest(saga).getAttempt();
        saga.setStatus(SagaStatus.ENDED);
        saga.setDetail("the order became " + event.getTo() + " (" + event.getCause() + ") while attempt " + attempt
                + " was open: no further attempt is made");
        clearDeadline(saga);
        return SagaStep.changed(saga);
    }

    /** An answer of the warehouse dispatcher, or a result this saga reported itself and reads back. */
    static SagaStep answered(FulfillmentSaga current, FulfillmentResult result, Instant now, RetryPolicy policy) {
        if (!ANSWERS.contains(result.getOutcome()) || result.getAttempt() == null) {
            return SagaStep.unchanged(current, result.getOutcome() + " is the saga's own report: nothing to do");
        }
        int attempt = result.getAttempt();
        if (current == null || current.getStatus() != SagaStatus.OPEN) {
            return SagaStep.unchanged(current, result.getOutcome() + " for attempt " + attempt + " arrived while the saga is "
                    + (current == null ? "not started" : current.getStatus()) + ": ignored");
        }
        SagaAttempt latest = latest(current);
        if (latest.getAttempt() != attempt || latest.getOutcome() != null) {
            return SagaStep.unchanged(current, result.getOutcome() + " for attempt " + attempt + " is late: attempt "
                    + latest.getAttempt() + " is the latest" + (latest.getOutcome() == null ? "" : " and already " + latest.getOutcome()));
        }
        FulfillmentSaga saga = copy(current, now);
        settle(latest(saga), result.getOutcome().name(), now, result.getReason());
        switch (result.getOutcome()) {
            case ACCEPTED -> {
                saga.setStatus(SagaStatus.ACCEPTED);
                clearDeadline(saga);
                return SagaStep.changed(saga);
            }
            case REJECTED -> {
                saga.setStatus(SagaStatus.REJECTED);
                saga.setDetail("the warehouse rejected attempt " + attempt + ": " + result.getReason());
                clearDeadline(saga);
                return SagaStep.changed(saga);
            }
            default -> {
                return failed(saga, now, policy);
            }
        }
    }

    /** The saga's deadline passed: the latest attempt went unanswered, or its backoff is over. */
    static SagaStep deadlinePassed(FulfillmentSaga current, Instant now, RetryPolicy policy) {
        if (current == null || current.getStatus() != SagaStatus.OPEN || current.getDeadline() == null
                || current.getDeadline().isAfter(now)) {
            return SagaStep.unchanged(current, "no deadline of this saga has passed");
        }
        FulfillmentSaga saga = copy(current, now);
        SagaAttempt latest = latest(saga);
        if (saga.getDeadlineKind() == SagaDeadlineKind.RETRY) {
            return sendAttempt(saga, latest.getAttempt() + 1, now, policy);
        }
        settle(latest, "NO_ANSWER", now, "no answer within " + policy.ackTimeout() + " (" + FulfillmentConfig.ACK_TIMEOUT + ")");
        return failed(saga, now, policy);
    }

    /**
     * A warehouse callback, mapped to a result once per {@code webhook-id}. Every new one is reported,
     * whatever the saga's state, so order-stream (the owner of the order) decides what it means,
     * and raises it when goods move for an order that is not being fulfilled.
     */
    static SagaStep callback(FulfillmentSaga current, FulfillmentCallback callback, Instant now) {
        String orderId = callback.getOrderId();
        String webhookId = callback.getWebhookId();
        if (current != null && current.getSeenCallbacks().contains(webhookId)) {
            return SagaStep.unchanged(current, "callback " + webhookId + " was already mapped to a result");
        }
        FulfillmentSaga saga = current == null
                ? FulfillmentSaga.newBuilder().setOrderId(orderId).setStatus(SagaStatus.UNKNOWN).setSeenCallbacks(new ArrayList<>())
                        .setUpdatedAt(now).build()
                : copy(current, now);
        saga.getSeenCallbacks().add(webhookId);
        int reached = GOODS_STEPS.indexOf(saga.getStatus());
        FulfillmentOutcome outcome = switch (callback.getStatus()) {
            case SHIPPED -> FulfillmentOutcome.SHIPPED;
            case DELIVERED -> FulfillmentOutcome.DELIVERED;
            // a status this release does not know: order-stream raises the result it cannot apply
            default -> FulfillmentOutcome.UNKNOWN;
        };
        SagaStatus target = outcome == FulfillmentOutcome.SHIPPED ? SagaStatus.SHIPPED
                : outcome == FulfillmentOutcome.DELIVERED ? SagaStatus.DELIVERED : null;
        if (target != null && reached >= 0 && GOODS_STEPS.indexOf(target) > reached) {
            saga.setStatus(target);
            clearDeadline(saga);
        }
        var result = FulfillmentResult.newBuilder()
                .setEventId(FulfillmentIds.callbackResultEventId(callback.getEventId()))
                .setCauseEventId(callback.getEventId())
                .setOrderId(orderId)
                .setRequestId(callback.getRequestId())
                .setOutcome(outcome)
                .setReason(callback.getShipmentId() == null ? null : "shipment " + callback.getShipmentId())
                .setAt(callback.getOccurredAt())
                .setAttempt(null)
                .build();
        return SagaStep.report(saga, true, result);
    }

    /** The latest attempt failed: wait out the backoff before the next one, or give up after the last. */
    private static SagaStep failed(FulfillmentSaga saga, Instant now, RetryPolicy policy) {
        SagaAttempt latest = latest(saga);
        int attempt = latest.getAttempt();
        if (attempt >= policy.maxAttempts()) {
            saga.setStatus(SagaStatus.GAVE_UP);
            saga.setDetail("attempt " + attempt + " of " + policy.maxAttempts() + " failed too (" + latest.getReason() + ")");
            clearDeadline(saga);
            var verdict = FulfillmentResult.newBuilder()
                    .setEventId(FulfillmentIds.gaveUpEventId(saga.getRequestId()))
                    .setCauseEventId(latest.getEventId())
                    .setOrderId(saga.getOrderId())
                    .setRequestId(saga.getRequestId())
                    .setOutcome(FulfillmentOutcome.GAVE_UP)
                    .setReason("the last of " + policy.maxAttempts() + " attempts failed: " + latest.getReason())
                    .setAt(now)
                    .setAttempt(attempt)
                    .build();
            return SagaStep.report(saga, true, verdict);
        }
        saga.setDeadline(now.plus(policy.backoffAfter(saga.getRequestId(), attempt)));
        saga.setDeadlineKind(SagaDeadlineKind.RETRY);
        return SagaStep.changed(saga);
    }

    private static SagaStep sendAttempt(FulfillmentSaga saga, int attempt, Instant now, RetryPolicy policy) {
        String eventId = FulfillmentIds.attemptEventId(saga.getRequestId(), attempt);
        String causeEventId = attempt == 1 ? saga.getPaidEventId() : latest(saga).getEventId();
        saga.getAttempts().add(SagaAttempt.newBuilder().setAttempt(attempt).setEventId(eventId).setRequestedAt(now).build());
        saga.setDeadline(now.plus(policy.ackTimeout()));
        saga.setDeadlineKind(SagaDeadlineKind.ANSWER);
        saga.setUpdatedAt(now);
        var request = FulfillmentRequested.newBuilder()
                .setEventId(eventId)
                .setCauseEventId(causeEventId)
                .setOrderId(saga.getOrderId())
                .setRequestId(saga.getRequestId())
                .setAttempt(attempt)
                .setItems(new ArrayList<>(saga.getItems()))
                .setRequestedAt(now)
                .build();
        return SagaStep.send(saga, request);
    }

    private static void settle(SagaAttempt attempt, String outcome, Instant now, String reason) {
        attempt.setOutcome(outcome);
        attempt.setAnsweredAt(now);
        attempt.setReason(reason);
    }

    private static void clearDeadline(FulfillmentSaga saga) {
        saga.setDeadline(null);
        saga.setDeadlineKind(null);
    }

    private static SagaAttempt latest(FulfillmentSaga saga) {
        return saga.getAttempts().get(saga.getAttempts().size() - 1);
    }

    /** A deep copy (Avro's builder copies nested records and lists), so the caller's state stays as it was. */
    private static FulfillmentSaga copy(FulfillmentSaga saga, Instant now) {
        FulfillmentSaga copy = FulfillmentSaga.newBuilder(saga).build();
        copy.setUpdatedAt(now);
        return copy;
    }
}
