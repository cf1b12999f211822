package com.tally.fulfillment;

import com.tally.schemas.EventIds;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The IDs the saga gives out, each derived from what it answers, so a saga replayed from its
 * inputs gives out the same IDs again and the warehouse and every consumer recognise repeats.
 */
public final class FulfillmentIds {

    private FulfillmentIds() {
    }

    /** An order has one fulfillment request, whatever happens: its ID depends on the order ID alone. */
    public static String requestId(String orderId) {
        return "ful_" + UUID.nameUUIDFromBytes((orderId + "/fulfillment").getBytes(StandardCharsets.UTF_8));
    }

    static String attemptEventId(String requestId, int attempt) {
        return EventIds.derived(requestId, "attempt-" + attempt);
    }

    static String gaveUpEventId(String requestId) {
        return EventIds.derived(requestId, "gave-up");
    }

    static String callbackResultEventId(String callbackEventId) {
        return EventIds.derived(callbackEventId, "callback-result");
    }
}
