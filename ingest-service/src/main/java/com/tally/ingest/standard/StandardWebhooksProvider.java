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

/**
 * A sender that signs as Standard Webhooks: Tally's canonical payment events on
 * {@code POST /webhooks/standard} ({@link #payments}), and the warehouse's callbacks. They share
 * the scheme and differ in their secret and in what their bodies mean.
 */
public final class StandardWebhooksProvider implements WebhookProvider {

    public static final String NAME = "standard";

    /** What a verified body means to one sender, given the delivery's {@code webhook-id}. */
    @FunctionalInterface
    public interface BodyReader {
        EventMapping<WebhookRecord> read(String webhookId, VerifiedWebhook webhook);
    }

    private final String name;
    private final StandardWebhookSignature signature;
    private final BodyReader reader;

    public StandardWebhooksProvider(String name, StandardWebhookSignature signature, BodyReader reader) {
        this.name = name;
        this.signature = signature;
        this.reader = reader;
    }

    /** Tally's canonical payment events, {@code POST /webhooks/standard}; {@code webhook-id} is the provider event ID. */
    public static StandardWebhooksProvider payments(List<String> secrets, Duration tolerance, Clock clock) {
        return new StandardWebhooksProvider(NAME, new StandardWebhookSignature(secrets, IngestConfig.STANDARD_WEBHOOK_SECRET, tolerance, clock),
                (webhookId, webhook) -> StandardEventMapper.map(webhookId, webhook.body()).then(event -> event.toRecord(NAME, webhook)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SignatureCheck verify(Map<String, String> headers, byte[] body) {
        return signature.verify(headers, body);
    }

    @Override
    public EventMapping<WebhookRecord> map(VerifiedWebhook webhook) {
        // the signature check has made sure webhook-id is there
        return reader.read(webhook.header(StandardWebhookSignature.ID), webhook);
    }
}
