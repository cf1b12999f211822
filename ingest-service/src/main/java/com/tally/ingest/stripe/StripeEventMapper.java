package com.tally.ingest.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tally.ingest.CanonicalWebhook;
import com.tally.ingest.EventMapping;
import com.tally.ingest.JsonFields;
import com.tally.platform.TallyJson;
import com.tally.schemas.PaymentKind;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a verified Stripe event body to canonical fields. Types Tally acts on are mapped to a
 * {@link PaymentKind}; any other type is still accepted as UNSUPPORTED (appended, ignored
 * downstream), so Stripe never retries an event Tally simply does not use.
 *
 * <p>The transaction ID is always the PaymentIntent's ID, so a payment, its refunds and its
 * disputes share one partition and one dedupe key: for a charge or a dispute it is their
 * {@code payment_intent} field.
 */
public final class StripeEventMapper {

    private static final ObjectMapper JSON = TallyJson.mapper();
    private static final Map<String, PaymentKind> KINDS = Map.of(
            "payment_intent.succeeded", PaymentKind.SUCCEEDED,
            "payment_intent.payment_failed", PaymentKind.FAILED,
            "charge.refunded", PaymentKind.REFUNDED,
            "charge.dispute.created", PaymentKind.DISPUTED);

    private StripeEventMapper() {
    }

    public static EventMapping<CanonicalWebhook> map(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new EventMapping.Unparseable<>(TallyJson.limitBroken(e).map(limit -> "the body " + limit + ": a Stripe event never does")
                    .orElse("the body is not JSON: send the Stripe event exactly as Stripe delivered it"));
        }
        if (root == null || !root.isObject()) {
            return new EventMapping.Unparseable<>("the body is not a JSON object: a Stripe event is {\"id\",\"type\",\"data\":{\"object\":...}}");
        }
        String eventId = JsonFields.text(root, "id");
        String type = JsonFields.text(root, "type");
        JsonNode object = root.path("data").path("object");
        if (eventId == null || type == null || !object.isObject()) {
            return new EventMapping.Unparseable<>("a Stripe event needs \"id\", \"type\" and \"data.object\"; this body lacks "
                    + (eventId == null ? "\"id\"" : type == null ? "\"type\"" : "\"data.object\""));
        }
        PaymentKind kind = KINDS.getOrDefault(type, PaymentKind.UNSUPPORTED);
        String orderId = JsonFields.text(object.path("metadata"), "order_id");
        Instant occurredAt = root.path("created").canConvertToLong() ? Instant.ofEpochSecond(root.path("created").asLong()) : null;
        if (kind == PaymentKind.UNSUPPORTED) {
            String objectId = JsonFields.text(object, "id");
            return new EventMapping.Mapped<>(new CanonicalWebhook(eventId, type, kind, objectId != null ? objectId : eventId, orderId,
                    0, CanonicalWebhook.NO_CURRENCY, null, null, occurredAt != null ? occurredAt : Instant.EPOCH));
        }
        String transactionId = kind == PaymentKind.SUCCEEDED || kind == PaymentKind.FAILED
                ? JsonFields.text(object, "id") : firstText(object, "payment_intent", "charge", "id");
        JsonNode latestRefund = object.path("refunds").path("data").path(0);   // Stripe lists the newest refund first
        JsonNode amount = kind == PaymentKind.REFUNDED
                ? (latestRefund.path("amount").canConvertToLong() ? latestRefund.path("amount") : object.path("amount_refunded"))
                : object.path("amount");
        String missing = transactionId == null ? "data.object.id (or payment_intent)"
                : !amount.canConvertToLong() ? (kind == PaymentKind.REFUNDED ? "data.object.amount_refunded" : "data.object.amount")
                : JsonFields.text(object, "currency") == null ? "data.object.currency"
                : occurredAt == null ? "created" : null;
        if (missing != null) {
            return new EventMapping.Unparseable<>("the " + type + " event " + eventId + " lacks " + missing
                    + ": Tally cannot record the payment without it");
        }
        String refundId = kind == PaymentKind.REFUNDED
                ? (JsonFields.text(latestRefund, "id") != null ? JsonFields.text(latestRefund, "id") : eventId)   // one refund per event when the list is not expanded
                : null;
        String reason = switch (kind) {
            case FAILED -> JsonFields.text(object.path("last_payment_error"), "message");
            case DISPUTED -> JsonFields.text(object, "reason");
            default -> null;
        };
        return new EventMapping.Mapped<>(new CanonicalWebhook(eventId, type, kind, transactionId, orderId, amount.asLong(),
                JsonFields.text(object, "currency").toUpperCase(Locale.ROOT), refundId, reason, occurredAt));
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = JsonFields.text(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
