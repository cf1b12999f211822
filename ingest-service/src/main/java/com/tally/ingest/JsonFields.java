package com.tally.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading providers' JSON: a field that is missing, not text, or blank counts as absent. */
public final class JsonFields {

    private JsonFields() {
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
