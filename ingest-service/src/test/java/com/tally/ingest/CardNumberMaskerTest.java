package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CardNumberMaskerTest {

    @Test
    void luhnValidCardNumberIsMaskedToFirstSixAndLastFour() {
        var masked = CardNumberMasker.mask("{\"description\":\"card 4242424242424242 please\"}");

        assertEquals(1, masked.count());
        assertEquals("{\"description\":\"card 424242******4242 please\"}", masked.text());
    }

    @Test
    void everyLengthFrom13To19IsCovered() {
        // 13-digit Visa test number, 15-digit Amex, 19-digit number, all Luhn-valid
        var masked = CardNumberMasker.mask("4222222222222 378282246310005 6011111111111111110");

        assertEquals(3, masked.count(), masked.text());
        assertFalse(masked.text().contains("4222222222222"));
        assertFalse(masked.text().contains("378282246310005"));
    }

    @Test
    void digitRunsThatFailLuhnOrAreTooShortOrLongStay() {
        String text = "order 4242424242424241 at 1795514400 id 42424242424242424242";

        var masked = CardNumberMasker.mask(text);

        assertEquals(0, masked.count());
        assertEquals(text, masked.text());
    }

    @Test
    void luhnCheckMatchesKnownNumbers() {
        assertEquals(true, CardNumberMasker.passesLuhn("79927398713"));
        assertEquals(false, CardNumberMasker.passesLuhn("79927398710"));
    }

    @Test
    void stripeSignatureHeadersAreOftenLuhnValidDigitRunsWhichIsWhyHeadersAreNotScanned() {
        // a hex MAC with 13 decimal digits in a row that pass Luhn: masking it would be a false alarm
        String signature = "t=1795514400,v1=ab4242424242424242cd";

        assertEquals(1, CardNumberMasker.mask(signature).count());
    }

    @Test
    void bodyBytesAreMaskedInACopyAroundMultiByteCharacters() {
        byte[] body = "{\"note\":\"Zahlung für Bestellung ü4242424242424242€\"}".getBytes(StandardCharsets.UTF_8);

        var masked = CardNumberMasker.mask(body);

        assertEquals(1, masked.count());
        assertEquals("{\"note\":\"Zahlung für Bestellung ü424242******4242€\"}", new String(masked.utf8(), StandardCharsets.UTF_8));
        assertEquals("{\"note\":\"Zahlung für Bestellung ü4242424242424242€\"}", new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void bodyWithoutCardNumbersIsPassedOnAsItIs() {
        byte[] body = "{\"id\":\"evt_1\",\"created\":1795514400,\"amount\":4990}".getBytes(StandardCharsets.UTF_8);

        var masked = CardNumberMasker.mask(body);

        assertEquals(0, masked.count());
        assertSame(body, masked.utf8());
    }
}
