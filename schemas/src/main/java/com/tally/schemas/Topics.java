package com.tally.schemas;

import java.util.List;

/**
 * Topic names are the contract between apps, so they live once, here, next to the schemas of
 * their values. docs/ARCHITECTURE.md's topic table says who writes and reads each.
 */
public final class Topics {

    /** Verified provider webhooks, keyed by transaction ID so one payment's events stay in order. */
    public static final String WEBHOOKS = "payments.webhooks";
    /** Webhooks answered 4xx, keyed by provider: recorded, bounded (a flood becomes one summary per address and reason a minute). */
    public static final String WEBHOOKS_REJECTED = "payments.webhooks.rejected";
    public static final String ORDERS_PLACED = "orders.placed";
    /** Deduplicated payment facts keyed by order ID: also order-stream's re-key from transaction ID. */
    public static final String PAYMENT_EVENTS = "payments.events";
    public static final String ORDER_EVENTS = "orders.events";
    public static final String FULFILLMENT_REQUESTS = "fulfillment.requests";
    public static final String FULFILLMENT_RESULTS = "fulfillment.results";
    /** Verified warehouse callbacks (shipped, delivered), verbatim, keyed by order ID; fulfillment-stream maps them onto results. */
    public static final String FULFILLMENT_CALLBACKS = "fulfillment.callbacks";
    public static final String REFUNDS = "payments.refunds";
    /** What the payment processor made of each refund request (requested, refused, failed), keyed by order ID. */
    public static final String REFUND_RESULTS = "payments.refund-results";
    public static final String NOTIFICATION_REQUESTS = "notifications.requests";
    public static final String NOTIFICATION_RESULTS = "notifications.results";
    public static final String SETTLEMENTS = "payments.settlements";
    public static final String LEDGER_ENTRIES = "ledger.entries";
    public static final String ALERTS = "ops.alerts";

    /** Every topic the apps share, in docs/ARCHITECTURE.md's order; each app's own dead-letter topic comes from {@link #deadLetters}. */
    public static final List<String> SHARED = List.of(
            WEBHOOKS, WEBHOOKS_REJECTED, ORDERS_PLACED, PAYMENT_EVENTS, ORDER_EVENTS,
            FULFILLMENT_REQUESTS, FULFILLMENT_RESULTS, FULFILLMENT_CALLBACKS, REFUNDS, REFUND_RESULTS, NOTIFICATION_REQUESTS,
            NOTIFICATION_RESULTS, SETTLEMENTS, LEDGER_ENTRIES, ALERTS);

    private Topics() {
    }

    /** The dead-letter topic of one app: records it could not read, with the error in headers. */
    public static String deadLetters(String applicationId) {
        return applicationId + ".dlq";
    }
}
