package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.tally.schemas.EventIds;
import com.tally.schemas.FulfillmentOutcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How an answer becomes the result the saga reads; the dispatcher itself runs in {@link WarehouseDispatcherIT}. */
class WarehouseDispatcherTest {

    private static final Instant AT = Instant.parse("2026-12-02T19:00:01Z");

    @Test
    void theResultAnswersTheRequestsAttemptWithAnEventIdDerivedFromTheRequest() {
        var request = Requests.request("o-1", 4);

        var result = WarehouseDispatcher.result(request, new WarehouseAnswer(FulfillmentOutcome.ACCEPTED, null), AT);

        assertEquals(EventIds.derived("evt-o-1-4", "warehouse-answer"), result.getEventId());
        assertEquals("evt-o-1-4", result.getCauseEventId());
        assertEquals("o-1", result.getOrderId());
        assertEquals(Requests.requestIdOf("o-1"), result.getRequestId());
        assertEquals(FulfillmentOutcome.ACCEPTED, result.getOutcome());
        assertNull(result.getReason());
        assertEquals(4, result.getAttempt());
        assertEquals(AT, result.getAt());
    }

    @Test
    void aRejectionKeepsItsReason() {
        var result = WarehouseDispatcher.result(Requests.request("o-2", 1),
                new WarehouseAnswer(FulfillmentOutcome.REJECTED, "the warehouse rejected the request with 422: no stock"), AT);

        assertEquals(FulfillmentOutcome.REJECTED, result.getOutcome());
        assertEquals("the warehouse rejected the request with 422: no stock", result.getReason());
    }

    @Test
    void aRepeatedCallGivesTheSameEventId() {
        var answer = new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, "the warehouse answered 503");

        assertEquals(WarehouseDispatcher.result(Requests.request("o-3", 2), answer, AT).getEventId(),
                WarehouseDispatcher.result(Requests.request("o-3", 2), answer, AT.plusSeconds(9)).getEventId());
    }
}
