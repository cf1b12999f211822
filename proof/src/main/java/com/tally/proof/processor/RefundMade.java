package com.tally.proof.processor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One refund the processor made, and how its {@code charge.refunded} webhook fared. The webhook's
 * progress moves on the sender's threads while queries read it from request threads, hence the
 * locking.
 *
 * @param refundRequestId Tally's refund ID from {@code metadata[refund_id]}, "" when the call carried none
 * @param idempotencyKey  the key of the call that made it, null for a call without one
 */
record RefundMade(String refundId, String paymentIntent, String orderId, String refundRequestId, long amount, String currency,
                  String idempotencyKey, Map<String, String> metadata, Instant createdAt, Webhook webhook) {

    enum WebhookState {
        /** The simulator has no ingest to tell. */
        NOT_SENT,
        /** Scheduled, or sent and not yet answered 2xx. */
        PENDING,
        DELIVERED
    }

    /** The webhook's progress, the one mutable part of a refund. */
    static final class Webhook {
        private WebhookState state;
        private int attempts;
        private String lastFailure;

        Webhook(boolean sent) {
            state = sent ? WebhookState.PENDING : WebhookState.NOT_SENT;
        }

        synchronized void failed(String failure) {
            attempts++;
            lastFailure = failure;
        }

        /** @return the attempts it took */
        synchronized int delivered() {
            attempts++;
            state = WebhookState.DELIVERED;
            return attempts;
        }

        synchronized WebhookState state() {
            return state;
        }

        synchronized String lastFailure() {
            return lastFailure;
        }
    }

    RefundMade {
        metadata = Map.copyOf(metadata);
    }

    /** The charge Stripe names for a payment intent, as {@code StripeEventFactory} names it in the events. */
    static String chargeOf(String paymentIntent) {
        return "ch_" + paymentIntent;
    }

    /** The event ID of its webhook: derived from the refund, so a resent webhook is the same event to ingest. */
    String eventId() {
        return "evt_" + refundId.substring(refundId.indexOf('_') + 1);
    }

    /** Stripe's refund object, as {@code POST /v1/refunds} answers it. */
    Map<String, Object> stripeObject() {
        var object = new LinkedHashMap<String, Object>();
        object.put("id", refundId);
        object.put("object", "refund");
        object.put("amount", amount);
        object.put("currency", currency);
        object.put("payment_intent", paymentIntent);
        object.put("charge", chargeOf(paymentIntent));
        object.put("status", "succeeded");
        object.put("metadata", new TreeMap<>(metadata));
        object.put("created", createdAt.getEpochSecond());
        return object;
    }

    OrderRefunds.Refund view() {
        return new OrderRefunds.Refund(refundId, paymentIntent, amount, currency, idempotencyKey, createdAt,
                webhook.state() == WebhookState.DELIVERED);
    }
}
