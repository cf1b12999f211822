package com.tally.ingest.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Currency;
import org.junit.jupiter.api.Test;

/** Major units to minor units by the currency's exponent, exactly or not at all. */
class MajorUnitsTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency KWD = Currency.getInstance("KWD");

    @Test
    void eachCurrencyConvertsByItsOwnExponent() {
        assertEquals(1000, MajorUnits.toMinor("1000", JPY), "JPY has no minor unit");
        assertEquals(4990, MajorUnits.toMinor("49.90", USD));
        assertEquals(4990, MajorUnits.toMinor("49.9", USD));
        assertEquals(5, MajorUnits.toMinor("0.05", USD));
        assertEquals(-1000, MajorUnits.toMinor("-10.00", USD), "the sign is kept; the format decides what it means");
        assertEquals(1234, MajorUnits.toMinor("1.234", KWD), "three decimals");
        assertEquals(1000, MajorUnits.toMinor("1000.000", JPY), "trailing zeros are no decimals");
        assertEquals(999_999_999_999_999_99L, MajorUnits.toMinor("999999999999999.99", USD));
    }

    @Test
    void moreDecimalsThanTheCurrencyHasIsRefusedNotRounded() {
        var jpy = assertThrows(IllegalArgumentException.class, () -> MajorUnits.toMinor("10.5", JPY));
        assertEquals("'10.5' has more decimals than JPY's 0: a JPY amount is a whole number", jpy.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MajorUnits.toMinor("0.001", USD));
    }

    @Test
    void onlyPlainDecimalsAreAmounts() {
        for (String notAnAmount : new String[] {"", "1,000.00", "1e3", "12.", ".5", "+1", "1 000", "NaN", "0x10", "12.50 USD"}) {
            assertThrows(IllegalArgumentException.class, () -> MajorUnits.toMinor(notAnAmount, USD), notAnAmount);
        }
    }
}
