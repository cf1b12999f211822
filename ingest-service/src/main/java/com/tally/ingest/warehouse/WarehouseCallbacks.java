package com.tally.ingest.warehouse;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.WebhookProvider;
import com.tally.ingest.standard.StandardWebhookSignature;
import com.tally.ingest.standard.StandardWebhooksProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The warehouse's shipment callbacks, {@code POST /webhooks/warehouse}: signed as Standard
 * Webhooks with a secret of their own, so a leaked payment secret cannot mark an order shipped.
 */
public final class WarehouseCallbacks {

    public static final String NAME = "warehouse";

    private WarehouseCallbacks() {
    }

    public static WebhookProvider provider(List<String> secrets, Duration tolerance, Clock clock) {
        return new StandardWebhooksProvider(NAME, new StandardWebhookSignature(secrets, IngestConfig.WAREHOUSE_WEBHOOK_SECRET, tolerance, clock),
                (webhookId, webhook) -> WarehouseCallbackMapper.map(webhook.body()).then(callback -> callback.toRecord(webhookId, webhook)));
    }
}
