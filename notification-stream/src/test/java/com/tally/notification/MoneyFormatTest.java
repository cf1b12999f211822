package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class MoneyFormatTest {

    @Test
    void euroHasTwoDecimals() {
        assertEquals("€49.90", MoneyFormat.format(4990, "EUR", Locale.ENGLISH));
    }

    @Test
    void yenHasNoDecimals() {
        assertEquals("¥4,990", MoneyFormat.format(4990, "JPY", Locale.ENGLISH));
    }

    @Test
    void bahrainiDinarHasThreeDecimalsAndASpaceAfterItsCode() {
        assertEquals("BHD\u00a012.345", MoneyFormat.format(12345, "BHD", Locale.ENGLISH));
    }

    @Test
    void largeAmountsAreGroupedAndExact() {
        assertEquals("€92,233,720,368,547,758.07", MoneyFormat.format(Long.MAX_VALUE, "EUR", Locale.ENGLISH));
    }

    @Test
    void zeroIsWrittenWithTheCurrencysDecimals() {
        assertEquals("€0.00", MoneyFormat.format(0, "EUR", Locale.ENGLISH));
    }

    @Test
    void localeDecidesSymbolSideAndSeparatorsButNotTheDecimals() {
        assertEquals("4.990\u00a0¥", MoneyFormat.format(4990, "JPY", Locale.GERMANY));
        assertEquals("49,90\u00a0€", MoneyFormat.format(4990, "EUR", Locale.GERMANY));
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
