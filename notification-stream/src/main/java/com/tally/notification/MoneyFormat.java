package com.tally.notification;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Writes an amount in minor units as people read it: {@code 4990 EUR} is "€49.90", {@code 4990 JPY}
 * is "¥4,990", {@code 12345 BHD} is "BHD 12.345". The number of decimals is the currency's own
 * exponent ({@link Currency#getDefaultFractionDigits()}), never the locale's, so a yen amount never
 * gains a ".00" and a dinar keeps its third digit. The symbol, grouping and the symbol's side come
 * from the locale's currency format, so the same amount reads right in the language of the e-mail.
 */
public final class MoneyFormat {

    private static final char NO_BREAK_SPACE = '\u00a0';

    private MoneyFormat() {
    }

    public static String format(long amountMinor, String currencyCode, Locale locale) {
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amount " + amountMinor + " is negative: send the amount as a positive number of minor units"
                    + " (a refund is its own kind of e-mail, not a negative amount)");
        }
        Currency currency = currency(currencyCode);
        int exponent = currency.getDefaultFractionDigits();
        var format = (DecimalFormat) NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(exponent);
        format.setMaximumFractionDigits(exponent);
        spaceAfterLetterSymbol(format);
        return format.format(BigDecimal.valueOf(amountMinor, exponent));
    }

    /** The currency of an ISO 4217 code with a minor unit, or a message that says what to send instead. */
    static Currency currency(String currencyCode) {
        if (currencyCode == null || currencyCode.isBlank()) {
            throw new IllegalArgumentException("no currency: send an ISO 4217 code such as EUR, JPY or BHD");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown currency '" + currencyCode + "': send an ISO 4217 code in capitals such as EUR, JPY or BHD", e);
        }
        if (currency.getDefaultFractionDigits() < 0) {
            // XAU, XXX and the like are ISO codes with no minor unit: no amount in minor units can be written in them
            throw new IllegalArgumentException("currency '" + currencyCode + "' has no minor unit, so an amount in minor units means nothing in it:"
                    + " send the currency of money the order was paid in, such as EUR, JPY or BHD");
        }
        return currency;
    }

    /**
     * Java's currency format runs a code used as a symbol into the digits ("BHD12.345"); Unicode's
     * currency spacing rule puts a space there, unbreakable so the amount never wraps apart.
     */
    private static void spaceAfterLetterSymbol(DecimalFormat format) {
        String prefix = format.getPositivePrefix();
        if (!prefix.isEmpty() && Character.isLetter(prefix.charAt(prefix.length() - 1))) {
            format.setPositivePrefix(prefix + NO_BREAK_SPACE);
        }
    }
}
