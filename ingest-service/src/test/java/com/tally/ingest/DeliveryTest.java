package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private static Delivery withHeaders(Map<String, String> headers) {
        return new Delivery("stripe", headers, "127.0.0.1", 10, 10);
    }

    @Test
    void credentialsAreNeverKept() {
        var kept = withHeaders(Map.of("authorization", "Bearer sk_live_1", "cookie", "session=1", "x-api-key", "k",
                "proxy-authorization", "Basic eA==", "user-agent", "Stripe/1.0")).recordableHeaders();

        assertEquals(Map.of("user-agent", "Stripe/1.0"), kept.values());
        assertEquals(0, kept.cardNumbers());
    }

    @Test
    void cardNumbersInHeadersAreMaskedAndCounted() {
        var kept = withHeaders(Map.of("x-note", "4242424242424242 and 5555555555554444", "webhook-id", "msg_1")).recordableHeaders();

        assertEquals("424242******4242 and 555555******4444", kept.values().get("x-note"));
        assertEquals("msg_1", kept.values().get("webhook-id"));
        assertEquals(2, kept.cardNumbers());
    }

    @Test
    void signatureHeadersAreKeptVerbatimEvenWhenTheirDigitsPassLuhn() {
        String signature = "t=1735689600,v1=4242424242424242abcdef";

        var kept = withHeaders(Map.of("stripe-signature", signature, "webhook-signature", "v1,4242424242424242")).recordableHeaders();

        assertEquals(signature, kept.values().get("stripe-signature"));
        assertEquals("v1,4242424242424242", kept.values().get("webhook-signature"));
        assertEquals(0, kept.cardNumbers());
    }
}
