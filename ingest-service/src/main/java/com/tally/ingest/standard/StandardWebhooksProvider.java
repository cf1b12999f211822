package com.tally.ingest.standard;

import com.tally.ingest.EventMapping;
import com.tally.ingest.SignatureCheck;
import com.tally.ingest.WebhookProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Standard Webhooks: {@code POST /webhooks/standard}. */
public final class StandardWebhooksProvider implements WebhookProvider {

    public static final String NAME = "standard";

    private final StandardWebhookSignature signature;

    public StandardWebhooksProvider(List<String> secrets, Duration tolerance, Clock clock) {
        this.signature = new StandardWebhookSignature(secrets, tolerance, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SignatureCheck verify(Map<String, String> headers, byte[] body) {
        return signature.verify(headers.get(StandardWebhookSignature.ID), headers.get(StandardWebhookSignature.TIMESTAMP),
                headers.get(StandardWebhookSignature.SIGNATURE), body);
    }

    @Override
    public EventMapping map(Map<String, String> headers, byte[] body) {
        return StandardEventMapper.map(headers.get(StandardWebhookSignature.ID), body);
    }
}
