package com.tally.notification;

/** notification-stream's state stores; their names are also part of their changelog topics' names. */
final class StoreNames {

    /** Order ID → the notification IDs decided for it (requested, or raised as impossible to send): {@link DecidedIds}. */
    static final String REQUESTED = "notification-requested";
    /**
     * Order ID → its notifications as {@code GET /notifications/{orderId}} shows them: JSON ({@link com.tally.platform.StoredJson}).
     * Queried across instances with {@code KeyedLookup}.
     */
    static final String VIEWS = "notification-views";

    private StoreNames() {
    }
}
