package com.tally.ingest.reconciliation;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row's values, read by column name, collecting every problem the row has rather than the
 * first: an operator fixing a report should see all of a row's faults at once.
 */
final class RowFields {

    /** IDs, categories and currencies are short; a longer value is a wrong column, not a long ID. */
    static final int MAX_VALUE_LENGTH = 255;

    /** How Stripe writes {@code created_utc}: a UTC date and time with a space. */

    private final Map<String, Integer> columns;
    private final List<String> values;
    private final List<String> problems = new ArrayList<>();

    RowFields(Map<String, Integer> columns, List<String> values) {
        this.columns = columns;
        this.values = values;
    }

    /** The trimmed value, or null when it is empty or the report has no such column. */
    String text(String column) {
        Integer index = columns.get(column);
        if (index == null || index >= values.size()) {
            return null;
        }
        String value = values.get(index).strip();
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            problems.add(column + " is " + value.length() + " characters long, more than the " + MAX_VALUE_LENGTH
                    + " any ID or code has: check the file's columns line up with its header");
            return null;
        }
        return value;
    }

    /** The value, or a problem saying what a row needs it for. */
    String required(String column, String neededFor) {
        String value = text(column);
        if (value == null && problems.stream().noneMatch(p -> p.startsWith(column + " "))) {
            problems.add(column + " is empty: " + neededFor);
        }
        return value;
    }

    /** A UTC time as {@link ReportTime} reads it. */
    Instant time(String column) {
        String value = required(column, "every row needs the time it happened, in UTC");
        if (value == null) {
            return null;
        }
        try {
            return ReportTime.parse(value);
        } catch (DateTimeException e) {
            problems.add(column + " '" + value + "' is not a UTC time: write 2026-12-01 14:05:09 or 2026-12-01T14:05:09Z");
            return null;
        }
    }

    /** An ISO 4217 code with minor units, in either case as reports write it, upper-cased. */
    Currency currency(String column) {
        String value = required(column, "every amount needs its currency (ISO 4217, such as USD or JPY)");
        if (value == null) {
            return null;
        }
        try {
            Currency currency = Currency.getInstance(value.toUpperCase(Locale.ROOT));
            if (currency.getDefaultFractionDigits() < 0) {
                problems.add(column + " '" + value + "' has no minor units (ISO 4217), so no amount in it can be reconciled");
                return null;
            }
            return currency;
        } catch (IllegalArgumentException e) {
            problems.add(column + " '" + value + "' is not an ISO 4217 currency code such as USD or JPY");
            return null;
        }
    }

    /** The amount in {@code currency}'s minor units, signed as written; null when it or the currency is bad. */
    Long minorUnits(String column, Currency currency) {
        String value = required(column, "every row needs its amount, in major units such as 12.50");
        if (value == null || currency == null) {
            return null;
        }
        try {
            return MajorUnits.toMinor(value, currency);
        } catch (IllegalArgumentException e) {
            problems.add(column + " " + e.getMessage());
            return null;
        } catch (ArithmeticException e) {
            problems.add(column + " '" + value + "' is too large for an amount in " + currency.getCurrencyCode());
            return null;
        }
    }

    void problem(String description) {
        problems.add(description);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }
}
