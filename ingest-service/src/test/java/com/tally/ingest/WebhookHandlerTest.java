package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The handler takes exactly the paths Javalin's {@code /webhooks/{provider}} route took. */
class WebhookHandlerTest {

    @Test
    void oneSegmentAfterWebhooksNamesTheProvider() {
        assertEquals("stripe", WebhookHandler.providerIn("/webhooks/stripe"));
        assertEquals("paypal", WebhookHandler.providerIn("/webhooks/paypal"));
    }

    @Test
    void aTrailingSlashIsIgnored() {
        assertEquals("stripe", WebhookHandler.providerIn("/webhooks/stripe/"));
    }

    @Test
    void percentEscapesInTheProviderAreDecoded() {
        assertEquals("pay pal", WebhookHandler.providerIn("/webhooks/pay%20pal"));
    }

    @Test
    void otherPathsAreNotWebhooks() {
        assertNull(WebhookHandler.providerIn("/webhooks/"));
        assertNull(WebhookHandler.providerIn("/webhooks"));
        assertNull(WebhookHandler.providerIn("/webhooks/stripe/extra"));
        assertNull(WebhookHandler.providerIn("/webhooks//"));
        assertNull(WebhookHandler.providerIn("/webhooksstripe"));
        assertNull(WebhookHandler.providerIn("/orders"));
        assertNull(WebhookHandler.providerIn(null));
    }
}
