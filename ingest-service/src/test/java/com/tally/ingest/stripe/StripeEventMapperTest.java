package com.tally.ingest.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.ingest.CanonicalWebhook;
import com.tally.ingest.EventMapping;
import com.tally.schemas.PaymentKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StripeEventMapperTest {

    private static byte[] fixture(String name) throws IOException {
        try (var in = StripeEventMapperTest.class.getResourceAsStream("/stripe/" + name)) {
            return in.readAllBytes();
        }
    }

    private static CanonicalWebhook mapped(byte[] body) {
        return (CanonicalWebhook) assertInstanceOf(EventMapping.Mapped.class, StripeEventMapper.map(body)).event();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void succeededPaymentIntentMapsToASucceededChargeForItsOrder() throws IOException {
        CanonicalWebhook event = mapped(fixture("payment_intent.succeeded.json"));

        assertEquals("evt_3QbX2hLkdIwHu7ix0T8a1c2D", event.providerEventId());
        assertEquals("payment_intent.succeeded", event.providerEventType());
        assertEquals(PaymentKind.SUCCEEDED, event.kind());
        assertEquals("pi_3QbX2hLkdIwHu7ix0fQ9Zk1A", event.transactionId());
        assertEquals("o-1001", event.orderId());
        assertEquals(4990, event.amountMinor());
        assertEquals("EUR", event.currency(), "upper-cased ISO 4217");
        assertEquals(Instant.ofEpochSecond(1795514400), event.occurredAt());
        assertNull(event.failureReason());
    }

    @Test
    void failedPaymentIntentCarriesTheDeclineReason() {
        CanonicalWebhook event = mapped(json("{\"id\":\"evt_2\",\"type\":\"payment_intent.payment_failed\",\"created\":1795514400,"
                + "\"data\":{\"object\":{\"id\":\"pi_2\",\"amount\":1200,\"currency\":\"usd\",\"metadata\":{\"order_id\":\"o-2\"},"
                + "\"last_payment_error\":{\"code\":\"card_declined\",\"message\":\"Your card was declined.\"}}}}"));

        assertEquals(PaymentKind.FAILED, event.kind());
        assertEquals("Your card was declined.", event.failureReason());
        assertEquals("USD", event.currency());
    }

    @Test
    void otherEventTypesAreAcceptedAsUnsupported() {
        CanonicalWebhook event = mapped(json("{\"id\":\"evt_3\",\"type\":\"customer.created\",\"created\":1795514400,"
                + "\"data\":{\"object\":{\"id\":\"cus_1\",\"email\":\"ada@example.com\"}}}"));

        assertEquals(PaymentKind.UNSUPPORTED, event.kind());
        assertEquals("cus_1", event.transactionId());
    }

    @Test
    void refundedChargeMapsToARefundOfItsPaymentIntentWithTheLatestRefund() {
        CanonicalWebhook event = mapped(json("{\"id\":\"evt_r\",\"type\":\"charge.refunded\",\"created\":1795514400,"
                + "\"data\":{\"object\":{\"id\":\"ch_1\",\"object\":\"charge\",\"payment_intent\":\"pi_1\",\"amount\":4990,"
                + "\"amount_refunded\":3000,\"currency\":\"eur\",\"metadata\":{\"order_id\":\"o-1\"},"
                + "\"refunds\":{\"data\":[{\"id\":\"re_2\",\"amount\":1000},{\"id\":\"re_1\",\"amount\":2000}]}}}}"));

        assertEquals(PaymentKind.REFUNDED, event.kind());
        assertEquals("pi_1", event.transactionId(), "keyed with its payment");
        assertEquals("re_2", event.refundId());
        assertEquals(1000, event.amountMinor(), "this refund, not the cumulative amount_refunded");
        assertEquals("o-1", event.orderId());
    }

    @Test
    void refundedChargeWithoutRefundListUsesTheCumulativeAmountAndTheEventAsRefundId() {
        CanonicalWebhook event = mapped(json("{\"id\":\"evt_r2\",\"type\":\"charge.refunded\",\"created\":1795514400,"
                + "\"data\":{\"object\":{\"id\":\"ch_1\",\"payment_intent\":\"pi_1\",\"amount_refunded\":4990,\"currency\":\"eur\"}}}"));

        assertEquals("evt_r2", event.refundId());
        assertEquals(4990, event.amountMinor());
    }

    @Test
    void disputeMapsToADisputeOfItsPaymentIntentWithItsReason() {
        CanonicalWebhook event = mapped(json("{\"id\":\"evt_d\",\"type\":\"charge.dispute.created\",\"created\":1795514400,"
                + "\"data\":{\"object\":{\"id\":\"dp_1\",\"object\":\"dispute\",\"charge\":\"ch_1\",\"payment_intent\":\"pi_1\","
                + "\"amount\":4990,\"currency\":\"eur\",\"reason\":\"fraudulent\",\"metadata\":{}}}}"));

        assertEquals(PaymentKind.DISPUTED, event.kind());
        assertEquals("pi_1", event.transactionId());
        assertEquals("fraudulent", event.failureReason());
        assertEquals(null, event.orderId(), "a dispute without order metadata is appended and alerted downstream");
    }

    @Test
    void paymentWithoutOrderIdMetadataHasNoOrderId() {
        CanonicalWebhook event = mapped(json("{\"id\":\"evt_4\",\"type\":\"payment_intent.succeeded\",\"created\":1795514400,"
                + "\"data\":{\"object\":{\"id\":\"pi_4\",\"amount\":500,\"currency\":\"eur\",\"metadata\":{}}}}"));

        assertNull(event.orderId());
    }

    @Test
    void bodyThatIsNotJsonIsUnparseable() {
        var mapping = assertInstanceOf(EventMapping.Unparseable.class, StripeEventMapper.map(json("not json")));

        assertTrue(mapping.detail().contains("not JSON"));
    }

    @Test
    void supportedTypeWithoutAmountIsUnparseableNamingTheField() {
        var mapping = assertInstanceOf(EventMapping.Unparseable.class, StripeEventMapper.map(json(
                "{\"id\":\"evt_5\",\"type\":\"payment_intent.succeeded\",\"created\":1,\"data\":{\"object\":{\"id\":\"pi_5\",\"currency\":\"eur\"}}}")));

        assertTrue(mapping.detail().contains("data.object.amount"), mapping.detail());
    }

    @Test
    void eventWithoutDataObjectIsUnparseable() {
        var mapping = assertInstanceOf(EventMapping.Unparseable.class,
                StripeEventMapper.map(json("{\"id\":\"evt_6\",\"type\":\"payment_intent.succeeded\"}")));

        assertTrue(mapping.detail().contains("data.object"), mapping.detail());
    }

    @Test
    void eventNested200LevelsDeepIsUnparseableNamingTheLimit() {
        var refusal = assertInstanceOf(EventMapping.Unparseable.class, StripeEventMapper.map(json("{\"id\":\"evt_deep\",\"data\":"
                + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}")));

        assertEquals("the body nests deeper than 64 levels, more than Tally reads: a Stripe event never does", refusal.detail());
    }

    @Test
    void amountOf10000DigitsIsUnparseableNamingTheLimit() {
        var refusal = assertInstanceOf(EventMapping.Unparseable.class, StripeEventMapper.map(json("{\"id\":\"evt_long\","
                + "\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"amount\":" + "9".repeat(10_000) + "}}}")));

        assertEquals("the body holds a number longer than 100 characters, more than Tally reads: a Stripe event never does", refusal.detail());
    }
}
