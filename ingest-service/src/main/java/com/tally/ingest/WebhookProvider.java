package com.tally.ingest;

import java.util.Map;

/**
 * One sender's webhook dialect: how its signature is checked and what a verified body becomes.
 * Headers come with lower-case names.
 */
public interface WebhookProvider {

    /** The path segment: {@code POST /webhooks/{name}}. */
    String name();

    SignatureCheck verify(Map<String, String> headers, byte[] body);

    /**
     * Reads a body whose signature is valid: the record to append, or why the body is not one
     * (answered 400). Text taken from the body goes into the record through
     * {@link VerifiedWebhook#mask}, the body and headers as {@link VerifiedWebhook#maskedBody()}
     * and {@link VerifiedWebhook#maskedHeaders()}.
     */
    EventMapping<WebhookRecord> map(VerifiedWebhook webhook);
}
