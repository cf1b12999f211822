package com.tally.fulfillment;

import com.tally.schemas.FulfillmentCallback;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.FulfillmentSaga;
import com.tally.schemas.OrderEvent;
import java.time.Instant;

/** What can happen to a saga; every input topic is keyed by order ID, so they are co-partitioned. */
sealed interface SagaInput {

    SagaStep applyTo(FulfillmentSaga current, Instant now, RetryPolicy policy);

    /** The order ID the record itself names, which must equal its key. */
    String orderId();

    record OrderChange(OrderEvent event) implements SagaInput {
        @Override
        public SagaStep applyTo(FulfillmentSaga current, Instant now, RetryPolicy policy) {
            return SagaRules.orderChanged(current, event, now, policy);
        }

        @Override
        public String orderId() {
            return event.getOrderId();
        }
    }

    record Answer(FulfillmentResult result) implements SagaInput {
        @Override
        public SagaStep applyTo(FulfillmentSaga current, Instant now, RetryPolicy policy) {
            return SagaRules.answered(current, result, now, policy);
        }

        @Override
        public String orderId() {
            return result.getOrderId();
        }
    }

    record Callback(FulfillmentCallback callback) implements SagaInput {
        @Override
        public SagaStep applyTo(FulfillmentSaga current, Instant now, RetryPolicy policy) {
            return SagaRules.callback(current, callback, now);
        }

        @Override
        public String orderId() {
            return callback.getOrderId();
        }
    }
}
