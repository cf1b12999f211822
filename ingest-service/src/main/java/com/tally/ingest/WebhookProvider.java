package com.tally.ingest;

import java.util.Map;

/**
 * One payment processor's webhook dialect: how its signature is checked and how its body maps
 * to canonical fields. Headers come with lower-case names.
 */
public interface WebhookProvider {

    /** The path segment: {@code POST /webhooks/{name}}. */
    String name();

    SignatureCheck verify(Map<String, String> headers, byte[] body);

    EventMapping map(Map<String, String> headers, byte[] body);
}
