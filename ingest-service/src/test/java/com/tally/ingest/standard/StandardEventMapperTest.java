package com.tally.ingest.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.ingest.CanonicalWebhook;
import com.tally.ingest.EventMapping;
import com.tally.schemas.PaymentKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StandardEventMapperTest {

    private static EventMapping<CanonicalWebhook> map(String body) {
        return StandardEventMapper.map("msg_1", body.getBytes(StandardCharsets.UTF_8));
    }

    private static CanonicalWebhook mapped(String body) {
        return (CanonicalWebhook) assertInstanceOf(EventMapping.Mapped.class, map(body)).event();
    }

    @Test
    void canonicalSucceededPaymentMaps() {
        CanonicalWebhook event = mapped("{\"type\":\"payment.succeeded\",\"transactionId\":\"txn_1\","
                + "\"orderId\":\"o-1\",\"amount\":4990,\"currency\":\"eur\",\"occurredAt\":\"2026-11-24T10:00:00Z\"}");

        assertEquals("msg_1", event.providerEventId(), "webhook-id is the delivery dedupe key");
        assertEquals(PaymentKind.SUCCEEDED, event.kind());
        assertEquals("txn_1", event.transactionId());
        assertEquals("o-1", event.orderId());
        assertEquals(4990, event.amountMinor());
        assertEquals("EUR", event.currency());
        assertEquals(Instant.parse("2026-11-24T10:00:00Z"), event.occurredAt());
    }

    @Test
    void refundNeedsItsRefundId() {
        var refusal = assertInstanceOf(EventMapping.Unparseable.class, map("{\"type\":\"payment.refunded\",\"transactionId\":\"txn_1\","
                + "\"amount\":100,\"currency\":\"EUR\",\"occurredAt\":\"2026-11-24T10:00:00Z\"}"));

        assertTrue(refusal.detail().contains("refundId"), refusal.detail());
    }

    @Test
    void everyMissingCanonicalFieldIsNamed() {
        var refusal = assertInstanceOf(EventMapping.Unparseable.class, map("{\"type\":\"payment.succeeded\"}"));

        assertTrue(refusal.detail().contains("transactionId"), refusal.detail());
        assertTrue(refusal.detail().contains("amount"), refusal.detail());
        assertTrue(refusal.detail().contains("currency"), refusal.detail());
        assertTrue(refusal.detail().contains("occurredAt"), refusal.detail());
    }

    @Test
    void otherTypesAreUnsupportedButAccepted() {
        CanonicalWebhook event = mapped("{\"type\":\"customer.updated\"}");

        assertEquals(PaymentKind.UNSUPPORTED, event.kind());
    }

    @Test
    void bodyThatIsNotJsonIsUnparseable() {
        assertInstanceOf(EventMapping.Unparseable.class, map("<xml/>"));
    }

    @Test
    void bodyNested200LevelsDeepIsUnparseableNamingTheLimit() {
        var refusal = assertInstanceOf(EventMapping.Unparseable.class, map("{\"type\":\"payment.succeeded\",\"extra\":"
                + "[".repeat(200) + "]".repeat(200) + "}"));

        assertEquals("the body nests deeper than 64 levels, more than Tally reads: Tally's canonical event never does", refusal.detail());
    }

    @Test
    void amountOf10000DigitsIsUnparseableNamingTheLimit() {
        var refusal = assertInstanceOf(EventMapping.Unparseable.class, map("{\"type\":\"payment.succeeded\",\"amount\":"
                + "9".repeat(10_000) + "}"));

        assertEquals("the body holds a number longer than 100 characters, more than Tally reads: Tally's canonical event never does",
                refusal.detail());
    }
}
