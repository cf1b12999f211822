package com.tally.notification;

import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;

/** What the view reads, from its two topics (both keyed by order ID): merged, so one processor applies both in order. */
sealed interface ViewInput {

    String orderId();

    record Request(NotificationRequested request) implements ViewInput {
        @Override
        public String orderId() {
            return request.getOrderId();
        }
    }

    record Result(NotificationResult result) implements ViewInput {
        @Override
        public String orderId() {
            return result.getOrderId();
        }
    }
}
