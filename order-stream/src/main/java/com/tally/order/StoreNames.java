package com.tally.order;

/** Names of order-stream's state stores; they also name the changelog topics, so they never change by accident. */
public final class StoreNames {

    /** Provider event IDs seen within the dedupe retention: the delivery dedupe. */
    public static final String SEEN_EVENT_IDS = "seen-event-ids";
    /** Payment facts already recorded (a charge per transaction ID): the state dedupe. */
    public static final String RECORDED_PAYMENT_FACTS = "recorded-payment-facts";
    /** One {@code OrderState} per order ID: the order table served to interactive queries. */
    public static final String ORDER_STATE = "order-state";

    private StoreNames() {
    }
}
