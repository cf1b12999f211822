package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceOrderRequestTest {

    @Test
    void completeOrderHasNoProblems() {
        var request = new PlaceOrderRequest("o-1", "ada@example.com", 4990L, "EUR", List.of(new PlaceOrderRequest.Item("SKU-1", 1)));

        assertEquals(List.of(), request.problems());
    }

    @Test
    void everyMissingOrWrongFieldIsNamed() {
        var request = new PlaceOrderRequest("bad id with spaces", "not-an-email", 0L, "eur", List.of(new PlaceOrderRequest.Item("", 0)));

        List<String> problems = request.problems();

        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("orderId"));
        assertTrue(problems.get(3).startsWith("currency"));
    }

    @Test
    void unknownCurrencyCodeIsRefused() {
        var request = new PlaceOrderRequest("o-1", "ada@example.com", 100L, "XYZ", List.of(new PlaceOrderRequest.Item("SKU-1", 1)));

        assertEquals(1, request.problems().size());
    }

    @Test
    void cardNumberInTheEmailOrASkuIsRefusedWithoutEchoingIt() {
        var request = new PlaceOrderRequest("o-1", "4242424242424242@example.com", 100L, "EUR",
                List.of(new PlaceOrderRequest.Item("SKU-1", 1), new PlaceOrderRequest.Item("card 4000 0566 5566 5556 / 5555555555554444", 1)));

        List<String> problems = request.problems();

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("customerEmail holds what looks like a card number"), problems.get(0));
        assertTrue(problems.get(1).startsWith("items[1].sku holds what looks like a card number"), problems.get(1));
        assertTrue(problems.stream().noneMatch(p -> p.contains("4242") || p.contains("4444")), problems.toString());
    }

    @Test
    void allDigitOrderIdThatPassesLuhnIsStillAnOrderId() {
        var request = new PlaceOrderRequest("4242424242424242", "ada@example.com", 100L, "EUR", List.of(new PlaceOrderRequest.Item("SKU-1", 1)));

        assertEquals(List.of(), request.problems());
    }
}
