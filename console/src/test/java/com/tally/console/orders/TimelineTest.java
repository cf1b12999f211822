package com.tally.console.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.TallyJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    static final String ORDER = """
            {"orderId": "o-1", "status": "REFUNDED",
             "history": [
               {"at": "2026-12-03T08:00:00Z", "from": null, "to": "PENDING", "cause": "order-placed", "service": "ingest-service", "detail": null},
               {"at": "2026-12-03T08:00:02Z", "from": "PENDING", "to": "PAID", "cause": "charge-succeeded", "service": "order-stream", "detail": "4990 EUR"},
               {"at": "2026-12-03T08:00:09Z", "from": "FULFILLMENT_REQUESTED", "to": "REFUND_PENDING", "cause": "fulfillment-rejected", "service": "order-stream"},
               {"at": "2026-12-03T08:00:15Z", "from": "REFUND_PENDING", "to": "REFUNDED", "cause": "charge-refunded", "service": "order-stream"}],
             "refundRequests": [{"requestedAt": "2026-12-03T08:00:09.500Z", "reason": "FULFILLMENT_REJECTED", "amount": 4990, "currency": "EUR", "transactionId": "pi_1"}],
             "refunds": [{"occurredAt": "2026-12-03T08:00:14Z", "provider": "stripe", "amount": 4990, "currency": "EUR", "refundId": "re_1"}]}
            """;
    static final String FULFILLMENT = """
            {"orderId": "o-1", "requestId": "ful_o-1", "attempts": [
              {"attempt": 1, "requestedAt": "2026-12-03T08:00:03Z", "outcome": "REJECTED", "answeredAt": "2026-12-03T08:00:08Z", "reason": "SKU out of stock"}]}
            """;
    static final String NOTIFICATIONS = """
            {"orderId": "o-1", "notifications": [
              {"kind": "order-confirmed", "recipient": "ada@example.com", "requestedAt": "2026-12-03T08:00:04Z", "outcome": "SENT",
               "messageId": "<ntf_1@tally>", "updatedAt": "2026-12-03T08:00:05Z"},
              {"kind": "refund-issued", "recipient": "ada@example.com", "requestedAt": "2026-12-03T08:00:16Z", "outcome": "REQUESTED",
               "updatedAt": "2026-12-03T08:00:16Z"}]}
            """;

    private static JsonNode json(String text) throws Exception {
        return TallyJson.mapper().readTree(text);
    }

    @Test
    void everyServicesRecordsOfAnOrderComeInOneTimeOrder() throws Exception {
        List<Timeline.Entry> entries = Timeline.of(json(ORDER), json(FULFILLMENT), json(NOTIFICATIONS));

        assertEquals(List.of(
                "08:00:00Z ingest-service order-placed",
                "08:00:02Z order-stream PENDING → PAID",
                "08:00:03Z fulfillment-stream fulfillment attempt 1 requested",
                "08:00:04Z notification-stream order-confirmed e-mail requested",
                "08:00:05Z notification-stream order-confirmed e-mail SENT",
                "08:00:08Z fulfillment-stream fulfillment attempt 1: REJECTED",
                "08:00:09Z order-stream FULFILLMENT_REQUESTED → REFUND_PENDING",
                "08:00:09.500Z order-stream refund requested: FULFILLMENT_REJECTED",
                "08:00:14Z stripe refunded by the processor",
                "08:00:15Z order-stream REFUND_PENDING → REFUNDED",
                "08:00:16Z notification-stream refund-issued e-mail requested"),
                entries.stream().map(e -> e.at().toString().substring(11) + " " + e.service() + " " + e.what()).toList());
        assertEquals("SKU out of stock", entries.get(5).detail());
        assertEquals("<ntf_1@tally>", entries.get(4).detail());
        assertEquals(Instant.parse("2026-12-03T08:00:00Z"), entries.get(0).at());
    }

    @Test
    void aServiceThatKnowsNothingOfTheOrderLeavesOnlyTheOthersRecords() throws Exception {
        List<Timeline.Entry> entries = Timeline.of(json(ORDER), null, null);

        assertEquals(6, entries.size());
        assertEquals(List.of(), Timeline.of(null, null, null));
    }
}
