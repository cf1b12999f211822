package com.tally.ingest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tally.ingest.EventMapping;
import com.tally.ingest.JsonFields;
import com.tally.platform.TallyJson;
import com.tally.schemas.FulfillmentCallbackStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

/**
 * Reads a warehouse callback's body (docs/WAREHOUSE.md, "Callbacks"):
 * <pre>{@code
 * {"type": "shipment.shipped", "orderId": "o-1", "requestId": "ful_...", "shipmentId": "shp_1",
 *  "occurredAt": "2026-12-02T19:00:00Z"}
 * }</pre>
 * Unlike a payment processor's, every type a warehouse may send is Tally's own contract, so an
 * unknown type is a mistake in the sender, answered 400, not an event to keep and ignore.
 */
public final class WarehouseCallbackMapper {

    private static final ObjectMapper JSON = TallyJson.mapper();
    private static final String CONTRACT = "docs/WAREHOUSE.md, \"Callbacks\"";
    private static final Map<String, FulfillmentCallbackStatus> TYPES = Map.of(
            "shipment.shipped", FulfillmentCallbackStatus.SHIPPED,
            "shipment.delivered", FulfillmentCallbackStatus.DELIVERED);

    private WarehouseCallbackMapper() {
    }

    public static EventMapping<WarehouseCallback> map(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new EventMapping.Unparseable<>(TallyJson.limitBroken(e).map(limit -> "the body " + limit + ": a warehouse callback never does")
                    .orElse("the body is not JSON: send the callback as " + CONTRACT + " shows"));
        }
        if (root == null || !root.isObject()) {
            return new EventMapping.Unparseable<>("the body is not a JSON object: send the callback as " + CONTRACT + " shows");
        }
        String type = JsonFields.text(root, "type");
        FulfillmentCallbackStatus status = type == null ? null : TYPES.get(type);
        if (status == null) {
            return new EventMapping.Unparseable<>((type == null ? "the callback has no \"type\"" : "unknown callback type '" + type + "'")
                    + ": send shipment.shipped or shipment.delivered (" + CONTRACT + ")");
        }
        var wrong = new ArrayList<String>();
        String orderId = JsonFields.text(root, "orderId");
        if (orderId == null) {
            wrong.add("orderId (the order the request was for)");
        }
        String requestId = JsonFields.text(root, "requestId");
        if (requestId == null) {
            wrong.add("requestId (the Idempotency-Key of the request that was shipped)");
        }
        JsonNode shipment = root.path("shipmentId");
        String shipmentId = JsonFields.text(root, "shipmentId");
        if (!shipment.isMissingNode() && !shipment.isNull() && shipmentId == null) {
            wrong.add("shipmentId (text, or left out)");
        }
        Instant occurredAt = JsonFields.instant(root, "occurredAt");
        if (occurredAt == null) {
            wrong.add("occurredAt (an ISO-8601 instant such as 2026-12-02T19:00:00Z)");
        }
        if (!wrong.isEmpty()) {
            return new EventMapping.Unparseable<>("the " + type + " callback lacks or has a wrong " + String.join(", ", wrong)
                    + " (" + CONTRACT + ")");
        }
        return new EventMapping.Mapped<>(new WarehouseCallback(status, orderId, requestId, shipmentId, occurredAt));
    }
}
