package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderState;
import com.tally.schemas.RefundRequested;
import java.util.List;
import java.util.Optional;

/**
 * What the state machine decided for one input: the next state (always stored, because even a
 * refused input is recorded on the order), the transitions to publish, and anomalies to raise.
 * A refusal is a value with a reason, never silence.
 */
public record Decision(OrderState next,
                       List<OrderEvent> transitions,
                       List<Alert> alerts,
                       List<RefundRequested> refunds,
                       Optional<String> refusal) {

    public Decision {
        transitions = List.copyOf(transitions);
        alerts = List.copyOf(alerts);
        refunds = List.copyOf(refunds);
    }
}
