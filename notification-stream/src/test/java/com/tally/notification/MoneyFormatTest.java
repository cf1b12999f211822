package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyFormatTest {

    @ParameterizedTest(name = "{0} {1} in {2}")
    @CsvSource(delimiter = '|', textBlock = """
            4990                | EUR | en    | €49.90
            4990                | JPY | en    | ¥4,990
            12345               | BHD | en    | BHD\u00a012.345
            0                   | EUR | en    | €0.00
            9223372036854775807 | EUR | en    | €92,233,720,368,547,758.07
            4990                | JPY | de-DE | 4.990\u00a0¥
            4990                | EUR | de-DE | 49,90\u00a0€
            """)
    void amountHasItsCurrencysDecimalsAndItsLocalesSymbolAndSeparators(long amountMinor, String currency, String locale, String written) {
        assertEquals(written, MoneyFormat.format(amountMinor, currency, Locale.forLanguageTag(locale)));
    }

    @Test
    void negativeAmountIsRefused() {
        var refused = assertThrows(IllegalArgumentException.class, () -> MoneyFormat.format(-1, "EUR", Locale.ENGLISH));
        assertEquals("amount -1 is negative: send the amount as a positive number of minor units"
                + " (a refund is its own kind of e-mail, not a negative amount)", refused.getMessage());
    }

    @Test
    void unknownCurrencySaysWhatToSend() {
        var refused = assertThrows(IllegalArgumentException.class, () -> MoneyFormat.format(100, "eur", Locale.ENGLISH));
        assertEquals("unknown currency 'eur': send an ISO 4217 code in capitals such as EUR, JPY or BHD", refused.getMessage());
    }

    @Test
    void currencyWithoutMinorUnitIsRefused() {
        var refused = assertThrows(IllegalArgumentException.class, () -> MoneyFormat.format(100, "XAU", Locale.ENGLISH));
        assertEquals("currency 'XAU' has no minor unit, so an amount in minor units means nothing in it:"
                + " send the currency of money the order was paid in, such as EUR, JPY or BHD", refused.getMessage());
    }
}
