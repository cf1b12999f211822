package com.tally.ingest.warehouse;

import com.tally.ingest.EventMapping;
import com.tally.ingest.IngestConfig;
import com.tally.ingest.SignatureCheck;
import com.tally.ingest.VerifiedWebhook;
import com.tally.ingest.WebhookProvider;
import com.tally.ingest.WebhookRecord;
import com.tally.ingest.standard.StandardWebhookSignature;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The warehouse's shipment callbacks: {@code POST /webhooks/warehouse}, signed as Standard
 * Webhooks with a secret of their own, so a leaked payment secret cannot mark an order shipped.
 */
public final class WarehouseProvider implements WebhookProvider {

    public static final String NAME = "warehouse";

    private final StandardWebhookSignature signature;

    public WarehouseProvider(List<String> secrets, Duration tolerance, Clock clock) {
        this.signature = new StandardWebhookSignature(secrets, IngestConfig.WAREHOUSE_WEBHOOK_SECRET, tolerance, clock);
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
        // the signature check has made sure webhook-id is there
        String webhookId = webhook.header(StandardWebhookSignature.ID);
        return WarehouseCallbackMapper.map(webhook.body()).then(callback -> callback.toRecord(webhookId, webhook));
    }
}
