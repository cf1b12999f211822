package com.tally.ingest.standard;

import com.tally.ingest.EventMapping;
import com.tally.ingest.IngestConfig;
import com.tally.ingest.SignatureCheck;
import com.tally.ingest.VerifiedWebhook;
import com.tally.ingest.WebhookProvider;
import com.tally.ingest.WebhookRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Standard Webhooks: {@code POST /webhooks/standard}. */
public final class StandardWebhooksProvider implements WebhookProvider {

    public static final String NAME = "standard";

    private final StandardWebhookSignature signature;

    public StandardWebhooksProvider(List<String> secrets, Duration tolerance, Clock clock) {
        this.signature = new StandardWebhookSignature(secrets, IngestConfig.STANDARD_WEBHOOK_SECRET, tolerance, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SignatureCheck verify(Map<String, String> headers, byte[] body) {
        return signature.verify(headers, body);
    }

    @Override
    public EventMapping<WebhookRecord> map(VerifiedWebhook webhook) {
        return StandardEventMapper.map(webhook.header(StandardWebhookSignature.ID), webhook.body()).then(event -> event.toRecord(NAME, webhook));
    }
}
