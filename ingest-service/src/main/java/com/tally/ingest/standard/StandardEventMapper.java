package com.tally.ingest.standard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tally.ingest.CanonicalWebhook;
import com.tally.ingest.EventMapping;
import com.tally.ingest.JsonFields;
import com.tally.platform.TallyJson;
import com.tally.schemas.PaymentKind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;

/**
 * Tally's canonical JSON body for processors that can be configured to send it over Standard
 * Webhooks (docs/HTTP-API.md, "Providers", "standard"):
 * <pre>{@code
 * {"type": "payment.succeeded", "transactionId": "txn_1", "orderId": "o-1", "amount": 4990,
 *  "currency": "EUR", "refundId": null, "failureReason": null, "occurredAt": "2026-11-24T10:00:00Z"}
 * }</pre>
 * The delivery's {@code webhook-id} is the provider event ID, the delivery dedupe key.
 */
public final class StandardEventMapper {

    private static final ObjectMapper JSON = TallyJson.mapper();
    private static final Map<String, PaymentKind> KINDS = Map.of(
            "payment.succeeded", PaymentKind.SUCCEEDED,
            "payment.failed", PaymentKind.FAILED,
            "payment.refunded", PaymentKind.REFUNDED,
            "payment.disputed", PaymentKind.DISPUTED);

    private StandardEventMapper() {
    }

    public static EventMapping<CanonicalWebhook> map(String webhookId, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new EventMapping.Unparseable<>(TallyJson.limitBroken(e).map(limit -> "the body " + limit + ": Tally's canonical event never does")
                    .orElse("the body is not JSON: send Tally's canonical event (docs/HTTP-API.md, \"Providers\", \"standard\")"));
        }
        if (root == null || !root.isObject() || JsonFields.text(root, "type") == null) {
            return new EventMapping.Unparseable<>("the body must be a JSON object with at least \"type\" (docs/HTTP-API.md, \"Providers\", \"standard\")");
        }
        String type = JsonFields.text(root, "type");
        PaymentKind kind = KINDS.getOrDefault(type, PaymentKind.UNSUPPORTED);
        Instant occurredAt = JsonFields.instant(root, "occurredAt");
        if (kind == PaymentKind.UNSUPPORTED) {
            String transactionId = JsonFields.text(root, "transactionId");
            return new EventMapping.Mapped<>(new CanonicalWebhook(webhookId, type, kind, transactionId != null ? transactionId : webhookId,
                    JsonFields.text(root, "orderId"), 0, CanonicalWebhook.NO_CURRENCY, null, null, occurredAt != null ? occurredAt : Instant.EPOCH));
        }
        var missing = new ArrayList<String>();
        if (JsonFields.text(root, "transactionId") == null) {
            missing.add("transactionId");
        }
        if (!root.path("amount").canConvertToLong() || root.path("amount").asLong() < 0) {
            missing.add("amount (minor units, not negative)");
        }
        String currency = JsonFields.text(root, "currency");
        if (currency == null || !currency.matches("[A-Za-z]{3}")) {
            missing.add("currency (ISO 4217)");
        }
        if (occurredAt == null) {
            missing.add("occurredAt (ISO-8601 instant)");
        }
        if (kind == PaymentKind.REFUNDED && JsonFields.text(root, "refundId") == null) {
            missing.add("refundId");
        }
        if (!missing.isEmpty()) {
            return new EventMapping.Unparseable<>("the " + type + " event lacks or has a wrong " + String.join(", ", missing));
        }
        return new EventMapping.Mapped<>(new CanonicalWebhook(webhookId, type, kind, JsonFields.text(root, "transactionId"), JsonFields.text(root, "orderId"),
                root.path("amount").asLong(), currency.toUpperCase(Locale.ROOT), JsonFields.text(root, "refundId"),
                JsonFields.text(root, "failureReason"), occurredAt));
    }
}
