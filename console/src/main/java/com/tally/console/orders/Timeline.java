package com.tally.console.orders;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One order's story across the services, in time order: order-stream's history and refund
 * requests, the fulfillment saga's attempts and answers, and the e-mails requested and sent. Built
 * from each service's own query answer (null when it has none), as pure data.
 */
public final class Timeline {

    /** One moment of the order's story: when, which service recorded it, what happened, and more about it. */
    public record Entry(Instant at, String service, String what, String detail) {
    }

    private Timeline() {
    }

    public static List<Entry> of(JsonNode order, JsonNode fulfillment, JsonNode notifications) {
        var entries = new ArrayList<Entry>();
        if (order != null) {
            for (JsonNode line : order.path("history")) {
                String from = line.path("from").asText(null);
                String to = line.path("to").asText(null);
                String what = from == null || from.equals(to) ? text(line, "cause") : from + " → " + to;
                add(entries, line, "at", text(line, "service", "order-stream"), what, text(line, "detail"));
            }
            for (JsonNode request : order.path("refundRequests")) {
                add(entries, request, "requestedAt", "order-stream", "refund requested: " + text(request, "reason"),
                        request.path("amount").asText() + " " + text(request, "currency") + " of " + text(request, "transactionId"));
            }
            for (JsonNode refund : order.path("refunds")) {
                add(entries, refund, "occurredAt", text(refund, "provider", "processor"), "refunded by the processor",
                        refund.path("amount").asText() + " " + text(refund, "currency") + " (refund " + text(refund, "refundId") + ")");
            }
        }
        if (fulfillment != null) {
            for (JsonNode attempt : fulfillment.path("attempts")) {
                int number = attempt.path("attempt").asInt();
                add(entries, attempt, "requestedAt", "fulfillment-stream", "fulfillment attempt " + number + " requested",
                        text(fulfillment, "requestId"));
                add(entries, attempt, "answeredAt", "fulfillment-stream", "fulfillment attempt " + number + ": " + text(attempt, "outcome"),
                        text(attempt, "reason"));
            }
        }
        if (notifications != null) {
            for (JsonNode notification : notifications.path("notifications")) {
                String kind = text(notification, "kind", "e-mail");
                add(entries, notification, "requestedAt", "notification-stream", kind + " e-mail requested", text(notification, "recipient"));
                String outcome = text(notification, "outcome");
                if ("SENT".equals(outcome) || "FAILED".equals(outcome)) {
                    add(entries, notification, "updatedAt", "notification-stream", kind + " e-mail " + outcome,
                            "SENT".equals(outcome) ? text(notification, "messageId") : text(notification, "detail"));
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::at));
        return List.copyOf(entries);
    }

    private static void add(List<Entry> entries, JsonNode node, String timeField, String service, String what, String detail) {
        String at = text(node, timeField);
        if (at != null) {
            entries.add(new Entry(Instant.parse(at), service, what, detail));
        }
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, null);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? fallback : value.asText();
    }
}
