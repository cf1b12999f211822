package com.tally.order;

import static com.tally.order.Fixtures.failed;
import static com.tally.order.Fixtures.refunded;
import static com.tally.order.Fixtures.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.PaymentKind;
import com.tally.schemas.Severity;
import org.junit.jupiter.api.Test;

/** What a webhook becomes, without Kafka: given a webhook, expect its payment event or alert. */
class PaymentFactsTest {

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
