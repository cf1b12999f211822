package com.tally.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reading providers' JSON: a field that is missing, not text, or blank counts as absent. */
public final class JsonFields {

    private JsonFields() {
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    /** An ISO-8601 instant ({@code 2026-12-02T19:00:00Z}); one that is missing or not such text counts as absent too. */
    public static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
