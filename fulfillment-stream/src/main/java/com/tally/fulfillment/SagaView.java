package com.tally.fulfillment;

import com.tally.schemas.FulfillmentSaga;
import com.tally.schemas.SagaAttempt;
import com.tally.schemas.SagaDeadlineKind;
import java.time.Instant;
import java.util.List;

/** The JSON answer of {@code GET /fulfillment/{orderId}}: the saga as an operator reads it. */
public record SagaView(String orderId, String requestId, String status, Instant openedAt, List<AttemptView> attempts,
                Instant nextDeadline, String nextDeadlineIs, String detail, int callbacks, boolean stale) {

    public record AttemptView(int attempt, Instant requestedAt, String outcome, Instant answeredAt, String reason) {
        static AttemptView of(SagaAttempt attempt) {
            return new AttemptView(attempt.getAttempt(), attempt.getRequestedAt(), attempt.getOutcome() == null ? "AWAITED" : attempt.getOutcome(),
                    attempt.getAnsweredAt(), attempt.getReason());
        }
    }

    static SagaView of(FulfillmentSaga saga, boolean stale) {
        String deadlineIs = saga.getDeadlineKind() == null ? null
                : saga.getDeadlineKind() == SagaDeadlineKind.RETRY ? "the next attempt is sent"
                : "the latest attempt counts as unanswered";
        return new SagaView(saga.getOrderId(), saga.getRequestId(), saga.getStatus().name(), saga.getOpenedAt(),
                saga.getAttempts().stream().map(AttemptView::of).toList(), saga.getDeadline(), deadlineIs, saga.getDetail(),
                saga.getSeenCallbacks().size(), stale);
    }
}
