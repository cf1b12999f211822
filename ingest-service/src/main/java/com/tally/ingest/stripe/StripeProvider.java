package com.tally.ingest.stripe;

import com.tally.ingest.EventMapping;
import com.tally.ingest.SignatureCheck;
import com.tally.ingest.VerifiedWebhook;
import com.tally.ingest.WebhookProvider;
import com.tally.ingest.WebhookRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Stripe: {@code POST /webhooks/stripe}. */
public final class StripeProvider implements WebhookProvider {

    public static final String NAME = "stripe";

    private final StripeSignature signature;

    public StripeProvider(List<String> secrets, Duration tolerance, Clock clock) {
        this.signature = new StripeSignature(secrets, tolerance, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SignatureCheck verify(Map<String, String> headers, byte[] body) {
        return signature.verify(headers.get(StripeSignature.HEADER.toLowerCase(Locale.ROOT)), body);
    }

    @Override
    public EventMapping<WebhookRecord> map(VerifiedWebhook webhook) {
        return StripeEventMapper.map(webhook.body()).then(event -> event.toRecord(NAME, webhook));
    }
}
