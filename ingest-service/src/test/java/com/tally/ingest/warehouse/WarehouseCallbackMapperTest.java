package com.tally.ingest.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.tally.ingest.EventMapping;
import com.tally.schemas.FulfillmentCallbackStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every body a warehouse may send, and every way one can be wrong, each with the 400's reason. */
class WarehouseCallbackMapperTest {

    private static final String REQUEST = "ful_6f1c1b4e-2f0a-3c55-9a8e-0d6c1f2b7e90";
    private static final String CONTRACT = " (docs/WAREHOUSE.md, \"Callbacks\")";

    private static EventMapping<WarehouseCallback> map(String body) {
        return WarehouseCallbackMapper.map(body.getBytes(StandardCharsets.UTF_8));
    }

    private static WarehouseCallback mapped(String body) {
        return (WarehouseCallback) assertInstanceOf(EventMapping.Mapped.class, map(body)).event();
    }

    private static String refusal(String body) {
        return assertInstanceOf(EventMapping.Unparseable.class, map(body)).detail();
    }

    @Test
    void shippedCallbackMapsWithItsShipmentId() {
        var callback = mapped("{\"type\":\"shipment.shipped\",\"orderId\":\"o-1\",\"requestId\":\"" + REQUEST + "\","
                + "\"shipmentId\":\"shp_1\",\"occurredAt\":\"2026-12-02T19:00:00Z\"}");

        assertEquals(new WarehouseCallback(FulfillmentCallbackStatus.SHIPPED, "o-1", REQUEST, "shp_1", Instant.parse("2026-12-02T19:00:00Z")),
                callback);
    }

    @Test
    void deliveredCallbackMapsWithoutAShipmentId() {
        var callback = mapped("{\"type\":\"shipment.delivered\",\"orderId\":\"o-1\",\"requestId\":\"" + REQUEST + "\","
                + "\"occurredAt\":\"2026-12-03T08:30:00.250Z\"}");

        assertEquals(new WarehouseCallback(FulfillmentCallbackStatus.DELIVERED, "o-1", REQUEST, null, Instant.parse("2026-12-03T08:30:00.250Z")),
                callback);
    }

    @Test
    void aNullShipmentIdCountsAsLeftOut() {
        assertEquals(null, mapped("{\"type\":\"shipment.shipped\",\"orderId\":\"o-1\",\"requestId\":\"" + REQUEST + "\","
                + "\"shipmentId\":null,\"occurredAt\":\"2026-12-02T19:00:00Z\"}").shipmentId());
    }

    @Test
    void fieldsTallyDoesNotKnowAreIgnored() {
        assertEquals("o-1", mapped("{\"type\":\"shipment.shipped\",\"orderId\":\"o-1\",\"requestId\":\"" + REQUEST + "\","
                + "\"occurredAt\":\"2026-12-02T19:00:00Z\",\"carrier\":\"DHL\",\"parcels\":[1,2]}").orderId());
    }

    @Test
    void bodyThatIsNotJsonIsRefusedPointingAtTheContract() {
        assertEquals("the body is not JSON: send the callback as docs/WAREHOUSE.md, \"Callbacks\" shows", refusal("shipped o-1"));
    }

    @Test
    void bodyThatIsNotAnObjectIsRefused() {
        assertEquals("the body is not a JSON object: send the callback as docs/WAREHOUSE.md, \"Callbacks\" shows",
                refusal("[{\"type\":\"shipment.shipped\"}]"));
    }

    @Test
    void bodyNestedDeeperThanTallyReadsIsRefusedNamingTheLimit() {
        assertEquals("the body nests deeper than 64 levels, more than Tally reads: a warehouse callback never does",
                refusal("{\"type\":\"shipment.shipped\",\"extra\":" + "[".repeat(200) + "]".repeat(200) + "}"));
    }

    @Test
    void callbackWithoutATypeIsRefused() {
        assertEquals("the callback has no \"type\": send shipment.shipped or shipment.delivered" + CONTRACT,
                refusal("{\"orderId\":\"o-1\",\"requestId\":\"" + REQUEST + "\",\"occurredAt\":\"2026-12-02T19:00:00Z\"}"));
    }

    @Test
    void unknownTypeIsRefusedNotKeptAsAPaymentProcessorsWouldBe() {
        assertEquals("unknown callback type 'shipment.returned': send shipment.shipped or shipment.delivered" + CONTRACT,
                refusal("{\"type\":\"shipment.returned\",\"orderId\":\"o-1\",\"requestId\":\"" + REQUEST + "\","
                        + "\"occurredAt\":\"2026-12-02T19:00:00Z\"}"));
    }

    @Test
    void callbackWithoutAnOrderIdIsRefused() {
        assertEquals("the shipment.shipped callback lacks or has a wrong orderId (the order the request was for)" + CONTRACT,
                refusal("{\"type\":\"shipment.shipped\",\"requestId\":\"" + REQUEST + "\",\"occurredAt\":\"2026-12-02T19:00:00Z\"}"));
    }

    @Test
    void callbackWithABlankOrNumericOrderIdIsRefused() {
        String expected = "the shipment.shipped callback lacks or has a wrong orderId (the order the request was for)" + CONTRACT;
        assertEquals(expected, refusal("{\"type\":\"shipment.shipped\",\"orderId\":\" \",\"requestId\":\"" + REQUEST + "\","
                + "\"occurredAt\":\"2026-12-02T19:00:00Z\"}"));
        assertEquals(expected, refusal("{\"type\":\"shipment.shipped\",\"orderId\":1001,\"requestId\":\"" + REQUEST + "\","
                + "\"occurredAt\":\"2026-12-02T19:00:00Z\"}"));
    }

    @Test
    void callbackWithoutARequestIdIsRefused() {
        assertEquals("the shipment.delivered callback lacks or has a wrong requestId (the Idempotency-Key of the request that was shipped)"
                        + CONTRACT,
                refusal("{\"type\":\"shipment.delivered\",\"orderId\":\"o-1\",\"occurredAt\":\"2026-12-02T19:00:00Z\"}"));
    }

    @Test
    void callbackWithoutOccurredAtIsRefused() {
        assertEquals("the shipment.shipped callback lacks or has a wrong occurredAt (an ISO-8601 instant such as 2026-12-02T19:00:00Z)"
                + CONTRACT, refusal("{\"type\":\"shipment.shipped\",\"orderId\":\"o-1\",\"requestId\":\"" + REQUEST + "\"}"));
    }

    @Test
    void occurredAtThatIsNoInstantIsRefused() {
        String expected = "the shipment.shipped callback lacks or has a wrong occurredAt (an ISO-8601 instant such as 2026-12-02T19:00:00Z)"
                + CONTRACT;
        for (String occurredAt : new String[] {"\"yesterday\"", "\"2026-12-02\"", "\"2026-12-02T19:00:00\"", "1796324400"}) {
            assertEquals(expected, refusal("{\"type\":\"shipment.shipped\",\"orderId\":\"o-1\",\"requestId\":\"" + REQUEST + "\","
                    + "\"occurredAt\":" + occurredAt + "}"), occurredAt);
        }
    }

    @Test
    void shipmentIdThatIsNotTextIsRefused() {
        assertEquals("the shipment.shipped callback lacks or has a wrong shipmentId (text, or left out)" + CONTRACT,
                refusal("{\"type\":\"shipment.shipped\",\"orderId\":\"o-1\",\"requestId\":\"" + REQUEST + "\",\"shipmentId\":42,"
                        + "\"occurredAt\":\"2026-12-02T19:00:00Z\"}"));
    }

    @Test
    void everyWrongFieldIsNamedInOneAnswer() {
        assertEquals("the shipment.shipped callback lacks or has a wrong orderId (the order the request was for), requestId (the"
                        + " Idempotency-Key of the request that was shipped), occurredAt (an ISO-8601 instant such as 2026-12-02T19:00:00Z)"
                        + CONTRACT,
                refusal("{\"type\":\"shipment.shipped\",\"occurredAt\":\"soon\"}"));
    }
}
