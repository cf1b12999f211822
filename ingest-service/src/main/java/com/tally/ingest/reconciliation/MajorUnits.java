package com.tally.ingest.reconciliation;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/**
 * Amounts as reports write them, in major units ("12.50" USD, "1000" JPY), to Tally's minor
 * units, exactly: by the currency's ISO 4217 exponent, never rounded. An amount with more
 * decimals than its currency has is a bad row, not a rounding.
 */
final class MajorUnits {

    /** Digits on each side of the point: far more than any amount, few enough that converting one costs nothing. */
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,15}(\\.\\d{1,15})?");

    private MajorUnits() {
    }

    /**
     * @return the amount in the currency's minor units, signed as written
     * @throws IllegalArgumentException saying what is wrong with it, to complete "the amount …"
     */
    static long toMinor(String amount, Currency currency) {
        if (!DECIMAL.matcher(amount).matches()) {
            throw new IllegalArgumentException("'" + amount + "' is not a decimal number like 12.50 (a point, no thousands"
                    + " separators, no exponent; for Stripe, leave the report's decimal_separator at '.')");
        }
        int exponent = currency.getDefaultFractionDigits();
        BigDecimal minor = new BigDecimal(amount).movePointRight(exponent);
        if (minor.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("'" + amount + "' has more decimals than " + currency.getCurrencyCode() + "'s "
                    + exponent + ": a " + currency.getCurrencyCode() + " amount is a whole number"
                    + (exponent == 0 ? "" : " of 1/" + BigDecimal.ONE.movePointRight(exponent).toPlainString() + "s"));
        }
        return minor.longValueExact();
    }
}
