package com.tally.proof.reconcile;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;

/**
 * How Stripe's itemized report writes its values, for the reports proof writes (the simulated
 * processor's, the benchmark's generated one): times in UTC without a zone, amounts in major units
 * by the currency's exponent.
 */
public final class StripeReportValues {

    /** {@code created_utc} and the other {@code *_utc} columns. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private StripeReportValues() {
    }

    /** {@code minor} units as the report writes the amount: 1250 EUR is 12.50, 1250 JPY is 1250. */
    public static String major(long minor, Currency currency) {
        return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()).toPlainString();
    }
}
