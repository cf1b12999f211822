package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.LedgerEntry;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderState;
import com.tally.schemas.RefundRequested;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the state machine decided for one input: the next state (always stored, because even a
 * refused input is recorded on the order), the transitions to publish, the anomalies to raise,
 * the refunds to request and the ledger entries to book. All of it is written in one Kafka
 * transaction with the state. A refusal is a value with a reason, never silence.
 */
public record Decision(OrderState next,
                       List<OrderEvent> transitions,
                       List<Alert> alerts,
                       List<RefundRequested> refunds,
                       List<LedgerEntry> ledger,
                       Optional<String> refusal) {

    public Decision {
        transitions = List.copyOf(transitions);
        alerts = List.copyOf(alerts);
        refunds = List.copyOf(refunds);
        ledger = List.copyOf(ledger);
    }

    static Decision unchanged(OrderState current, String reason) {
        return new Decision(current, List.of(), List.of(), List.of(), List.of(), Optional.of(reason));
    }

    /** An alert about the order that changes nothing on it: raised by the clock, not by an input. */
    static Decision raising(OrderState current, Alert alert) {
        return new Decision(current, List.of(), List.of(alert), List.of(), List.of(), Optional.empty());
    }

    /** This decision with one more alert, published with the rest in the same transaction. */
    Decision withAlert(Alert alert) {
        var more = new ArrayList<>(alerts);
        more.add(alert);
        return new Decision(next, transitions, more, refunds, ledger, refusal);
    }
}
