package com.tally.order;

import com.tally.schemas.OrderPlaced;
import com.tally.schemas.OrderState;
import com.tally.schemas.PaymentEvent;
import java.time.Instant;

/** What can happen to an order; both input topics are keyed by order ID and co-partitioned. */
sealed interface OrderInput {

    Decision applyTo(OrderState current, Instant now);

    record Placement(OrderPlaced placed) implements OrderInput {
        @Override
        public Decision applyTo(OrderState current, Instant now) {
            return OrderStateMachine.place(current, placed, now);
        }
    }

    record Payment(PaymentEvent payment) implements OrderInput {
        @Override
        public Decision applyTo(OrderState current, Instant now) {
            return OrderStateMachine.apply(current, payment, now);
        }
    }
}
