package com.tally.proof.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tally.platform.TallyJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds Stripe PaymentIntent events shaped like the ones Stripe sends, for the sandbox and its tests. */
public final class StripeEventFactory {

    private StripeEventFactory() {
    }

    /**
     * @param type {@code payment_intent.succeeded} or {@code payment_intent.payment_failed}
     */
    public static byte[] paymentIntentEvent(String eventId, String type, String paymentIntentId, String orderId,
                                            long amountMinor, String currency, Instant created) {
        var mapper = TallyJson.mapper();
        ObjectNode intent = mapper.createObjectNode()
                .put("id", paymentIntentId)
                .put("object", "payment_intent")
                .put("amount", amountMinor)
                .put("amount_received", type.endsWith("succeeded") ? amountMinor : 0)
                .put("currency", currency.toLowerCase())
                .put("status", type.endsWith("succeeded") ? "succeeded" : "requires_payment_method");
        intent.putObject("metadata").put("order_id", orderId);
        if (type.endsWith("payment_failed")) {
            intent.putObject("last_payment_error").put("code", "card_declined").put("message", "Your card was declined.");
        }
        return event(eventId, type, created, intent);
    }

    /** A {@code charge.refunded} event for a full or partial refund of a PaymentIntent's charge. */
    public static byte[] chargeRefundedEvent(String eventId, String paymentIntentId, String refundId, String orderId,
                                             long refundedMinor, String currency, Instant created) {
        var mapper = TallyJson.mapper();
        ObjectNode charge = mapper.createObjectNode()
                .put("id", "ch_" + paymentIntentId)
                .put("object", "charge")
                .put("payment_intent", paymentIntentId)
                .put("amount_refunded", refundedMinor)
                .put("currency", currency.toLowerCase())
                .put("refunded", true);
        charge.putObject("metadata").put("order_id", orderId);
        charge.putObject("refunds").putArray("data").addObject().put("id", refundId).put("amount", refundedMinor);
        return event(eventId, "charge.refunded", created, charge);
    }

    /** Stripe's event envelope around the object the event is about. */
    private static byte[] event(String eventId, String type, Instant created, ObjectNode object) {
        ObjectNode event = TallyJson.mapper().createObjectNode()
                .put("id", eventId)
                .put("object", "event")
                .put("api_version", "2024-06-20")
                .put("created", created.getEpochSecond())
                .put("livemode", false)
                .put("type", type);
        event.putObject("data").set("object", object);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}
