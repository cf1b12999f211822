package com.tally.ingest.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tally.schemas.PaymentKind;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a verified Stripe event body to canonical fields. Types Tally acts on are mapped to a
 * {@link PaymentKind}; any other type is still accepted as UNSUPPORTED (appended, ignored
 * downstream), so Stripe never retries an event Tally simply does not use.
 */
public final class StripeEventMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, PaymentKind> KINDS = Map.of(
            "payment_intent.succeeded", PaymentKind.SUCCEEDED,
            "payment_intent.payment_failed", PaymentKind.FAILED);

    /** The result of mapping: an event, or why the body is not one. */
    public sealed interface Mapping permits Mapped, Unparseable {
    }

    public record Mapped(StripeEvent event) implements Mapping {
    }

    public record Unparseable(String detail) implements Mapping {
    }

    private StripeEventMapper() {
    }

    public static Mapping map(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new Unparseable("the body is not JSON: send the Stripe event exactly as Stripe delivered it");
        }
        if (root == null || !root.isObject()) {
            return new Unparseable("the body is not a JSON object: a Stripe event is {\"id\",\"type\",\"data\":{\"object\":...}}");
        }
        String eventId = text(root, "id");
        String type = text(root, "type");
        JsonNode object = root.path("data").path("object");
        if (eventId == null || type == null || !object.isObject()) {
            return new Unparseable("a Stripe event needs \"id\", \"type\" and \"data.object\"; this body lacks "
                    + (eventId == null ? "\"id\"" : type == null ? "\"type\"" : "\"data.object\""));
        }
        PaymentKind kind = KINDS.getOrDefault(type, PaymentKind.UNSUPPORTED);
        String objectId = text(object, "id");
        Instant occurredAt = root.path("created").canConvertToLong() ? Instant.ofEpochSecond(root.path("created").asLong()) : null;
        String orderId = text(object.path("metadata"), "order_id");
        if (kind == PaymentKind.UNSUPPORTED) {
            return new Mapped(new StripeEvent(eventId, type, kind, objectId != null ? objectId : eventId, orderId,
                    0, "XXX", null, occurredAt != null ? occurredAt : Instant.EPOCH));
        }
        String missing = objectId == null ? "data.object.id"
                : !object.path("amount").canConvertToLong() ? "data.object.amount"
                : text(object, "currency") == null ? "data.object.currency"
                : occurredAt == null ? "created" : null;
        if (missing != null) {
            return new Unparseable("the " + type + " event " + eventId + " lacks " + missing + ": Tally cannot record the payment without it");
        }
        String failureReason = kind == PaymentKind.FAILED ? text(object.path("last_payment_error"), "message") : null;
        return new Mapped(new StripeEvent(eventId, type, kind, objectId, orderId, object.path("amount").asLong(),
                text(object, "currency").toUpperCase(Locale.ROOT), failureReason, occurredAt));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
