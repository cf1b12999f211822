package com.tally.order;

import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.OrderState;
import com.tally.schemas.PaymentEvent;
import com.tally.schemas.RefundRequested;
import java.time.Instant;

/** What can happen to an order; every input topic is keyed by order ID, so they are co-partitioned. */
sealed interface OrderInput {

    Decision applyTo(OrderState current, Instant now, Compensation compensation);

    /** The order ID the record itself names, which must equal its key. */
    String orderId();

    record Placement(OrderPlaced placed) implements OrderInput {
        @Override
        public Decision applyTo(OrderState current, Instant now, Compensation compensation) {
            return OrderStateMachine.place(current, placed, now);
        }

        @Override
        public String orderId() {
            return placed.getOrderId();
        }
    }

    record Payment(PaymentEvent payment) implements OrderInput {
        @Override
        public Decision applyTo(OrderState current, Instant now, Compensation compensation) {
            return OrderStateMachine.apply(current, payment, now);
        }

        @Override
        public String orderId() {
            return payment.getOrderId();
        }
    }

    record FulfillmentRequest(FulfillmentRequested request) implements OrderInput {
        @Override
        public Decision applyTo(OrderState current, Instant now, Compensation compensation) {
            return OrderStateMachine.fulfillmentRequested(current, request, now);
        }

        @Override
        public String orderId() {
            return request.getOrderId();
        }
    }

    record FulfillmentUpdate(FulfillmentResult result) implements OrderInput {
        @Override
        public Decision applyTo(OrderState current, Instant now, Compensation compensation) {
            return OrderStateMachine.fulfillmentResult(current, result, now, compensation);
        }

        @Override
        public String orderId() {
            return result.getOrderId();
        }
    }

    record RefundRequest(RefundRequested request) implements OrderInput {
        @Override
        public Decision applyTo(OrderState current, Instant now, Compensation compensation) {
            return OrderStateMachine.refundRequested(current, request, now);
        }

        @Override
        public String orderId() {
            return request.getOrderId();
        }
    }
}
