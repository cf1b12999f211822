package com.tally.proof.processor;

import com.tally.ingest.stripe.StripeSignature;
import com.tally.proof.outside.Redelivery;
import com.tally.proof.sim.StripeEventFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Tells ingest of each refund as Stripe does: a {@code charge.refunded} event a while after the
 * refund was made, POSTed to {@code <ingest>/webhooks/stripe} with a {@code Stripe-Signature}.
 * It is retried with a growing pause until ingest answers 2xx ({@link Redelivery}), so an outage
 * of ingest delays the webhook and loses none. A retry carries the same event (same ID, same
 * body), which ingest dedupes on, and is signed afresh, so one held back by a long outage is not
 * refused as stale.
 */
final class RefundWebhooks {

    private final Redelivery delivery;
    private final String secret;
    private final Duration after;

    RefundWebhooks(URI endpoint, String secret, Duration after, Duration retryBase, Duration retryMax, Clock clock,
                   ScheduledExecutorService scheduler, ExecutorService httpThreads) {
        this.delivery = new Redelivery(endpoint, retryBase, retryMax, clock, scheduler, httpThreads);
        this.secret = secret;
        this.after = after;
    }

    URI endpoint() {
        return delivery.endpoint();
    }

    /** Reports a new refund once, {@code after} it was made. */
    void announce(RefundMade refund) {
        // Tally reads refunds.data[0].amount: this refund's amount, which the factory also writes as amount_refunded
        byte[] body = StripeEventFactory.chargeRefundedEvent(refund.eventId(), refund.paymentIntent(), refund.refundId(), refund.orderId(),
                refund.amount(), refund.currency(), refund.createdAt());
        delivery.later(() -> delivery.send(new Webhook(refund, body), () -> { }), after);
    }

    /** The {@code charge.refunded} of one refund, its attempts kept on the refund. */
    private final class Webhook implements Redelivery.Message {
        private final RefundMade refund;
        private final byte[] body;

        Webhook(RefundMade refund, byte[] body) {
            this.refund = refund;
            this.body = body;
        }

        @Override
        public String what() {
            return "charge.refunded of " + refund.refundId() + " (order " + refund.orderId() + ")";
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public Map<String, String> signed(long epochSecond) {
            return Map.of(StripeSignature.HEADER, StripeSignature.sign(secret, epochSecond, body));
        }

        @Override
        public int acknowledged() {
            return refund.webhook().delivered();
        }

        @Override
        public void failed(String answer) {
            refund.webhook().failed(answer);
        }
    }
}
