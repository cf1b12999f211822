package com.tally.ingest;

/** The result of reading a verified body: a canonical event, or why the body is not one. */
public sealed interface EventMapping {

    record Mapped(CanonicalWebhook event) implements EventMapping {
    }

    record Unparseable(String detail) implements EventMapping {
    }
}
