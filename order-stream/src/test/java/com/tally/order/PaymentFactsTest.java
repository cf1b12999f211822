package com.tally.order;

import static com.tally.order.Fixtures.disputed;
import static com.tally.order.Fixtures.failed;
import static com.tally.order.Fixtures.refunded;
import static com.tally.order.Fixtures.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.PaymentKind;
import com.tally.schemas.Severity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a webhook says, without Kafka: given a webhook, expect its dedupe keys and its payment event or alert. */
class PaymentFactsTest {

    @Test
    void redeliveryOfAnEventIsTheSameDelivery() {
        var first = succeeded("evt_1", "pi_1", "o-1", 4_990);
        var again = succeeded("evt_1", "pi_1", "o-1", 4_990);

        assertEquals(Optional.of("stripe:evt_1"), PaymentFacts.deliveryKey(first));
        assertEquals(PaymentFacts.deliveryKey(first), PaymentFacts.deliveryKey(again), "Tally's own event IDs differ, the delivery does not");
    }

    @Test
    void twoEventsForOneChargeStateOneFact() {
        var intent = succeeded("evt_1", "pi_1", "o-1", 4_990);
        var charge = Fixtures.webhook("evt_2", "charge.succeeded", PaymentKind.SUCCEEDED, "pi_1", "o-1", 4_990, "EUR");

        assertEquals(Optional.of("charge:pi_1"), PaymentFacts.factKey(intent));
        assertEquals(PaymentFacts.factKey(intent), PaymentFacts.factKey(charge));
        assertNotEquals(PaymentFacts.deliveryKey(intent), PaymentFacts.deliveryKey(charge));
    }

    @Test
    void eachRefundOfOneChargeIsItsOwnFact() {
        var first = refunded("evt_r1", "pi_1", "o-1", 1_000, "re_1");
        var second = refunded("evt_r2", "pi_1", "o-1", 3_990, "re_2");
        var withoutRefundId = refunded("evt_r3", "pi_1", "o-1", 1_000, null);

        assertEquals(Optional.of("refund:re_1"), PaymentFacts.factKey(first));
        assertEquals(Optional.of("refund:re_2"), PaymentFacts.factKey(second));
        assertEquals(Optional.of("refund:evt_r3"), PaymentFacts.factKey(withoutRefundId), "the provider event stands in for the refund");
    }

    @Test
    void failedAttemptsDisputesAndUnsupportedEventsStateNoFactThatCountsOnce() {
        assertEquals(Optional.empty(), PaymentFacts.factKey(failed("evt_f1", "pi_1", "o-1", 4_990)));
        assertEquals(Optional.empty(), PaymentFacts.factKey(disputed("evt_d1", "pi_1", "o-1", 4_990)));
        assertEquals(Optional.empty(), PaymentFacts.factKey(
                Fixtures.webhook("evt_5", "customer.created", PaymentKind.UNSUPPORTED, "cus_1", "o-1", 0, "EUR")));
    }

    @Test
    void paymentEventCarriesTheWebhooksFactsCausedByIt() {
        var hook = refunded("evt_r1", "pi_1", "o-1", 1_500, "re_1");

        var event = PaymentFacts.toPaymentEvent(hook);

        assertEquals(hook.getEventId(), event.getCauseEventId());
        assertNotEquals(hook.getEventId(), event.getEventId(), "an event of its own");
        assertEquals("o-1", event.getOrderId());
        assertEquals("pi_1", event.getTransactionId());
        assertEquals(PaymentKind.REFUNDED, event.getKind());
        assertEquals("stripe", event.getProvider());
        assertEquals("evt_r1", event.getProviderEventId());
        assertEquals(1_500, event.getAmountMinor());
        assertEquals("EUR", event.getCurrency());
        assertEquals("re_1", event.getRefundId());
        assertEquals(hook.getOccurredAt(), event.getOccurredAt());
    }

    @Test
    void sameWebhookAlwaysBecomesTheSamePaymentEventId() {
        var hook = succeeded("evt_1", "pi_1", "o-1", 4_990);

        assertEquals(PaymentFacts.toPaymentEvent(hook).getEventId(), PaymentFacts.toPaymentEvent(hook).getEventId());
    }

    @Test
    void chargeWithoutOrderIdRaisesACriticalAlertAboutItsTransaction() {
        var hook = succeeded("evt_9", "pi_9", null, 1_000);

        var alert = PaymentFacts.paymentWithoutOrderId(hook);

        assertEquals("payment-without-order-id", alert.getKind());
        assertEquals(Severity.CRITICAL, alert.getSeverity(), "money was taken");
        assertEquals("pi_9", alert.getSubject());
        assertEquals(hook.getEventId(), alert.getCauseEventId());
        assertEquals(hook.getReceivedAt(), alert.getAt());
        assertTrue(alert.getDetail().contains("evt_9"), alert.getDetail());
    }

    @Test
    void failedAttemptWithoutOrderIdIsOnlyAWarning() {
        var alert = PaymentFacts.paymentWithoutOrderId(failed("evt_9", "pi_9", null, 1_000));

        assertEquals(Severity.WARNING, alert.getSeverity());
    }
}
