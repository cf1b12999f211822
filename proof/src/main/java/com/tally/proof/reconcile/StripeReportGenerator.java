package com.tally.proof.reconcile;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A valid Stripe itemized payout reconciliation report ({@code payout_reconciliation.itemized},
 * the columns ingest requires and a few it ignores) of any length, written row by row so a
 * million rows never sit in memory. The same seed, row count and period give the same bytes.
 * About 80 % of rows are charges, 10 % refunds and 2 % disputes of earlier charges, the rest fees
 * and payouts that reconciliation ignores; amounts in USD, EUR and JPY (no decimals). Customer,
 * shipping and payout columns make a row about as long as a real export's, and quoted values with
 * commas in them keep the CSV parser honest.
 */
public final class StripeReportGenerator {

    public static final List<String> COLUMNS = List.of("balance_transaction_id", "created_utc", "available_on_utc", "currency", "gross",
            "fee", "net", "reporting_category", "source_id", "description", "payment_intent_id", "payment_metadata[order_id]",
            "automatic_payout_id", "automatic_payout_effective_at_utc", "customer_id", "customer_email", "customer_name",
            "shipping_address_line1", "shipping_address_city", "shipping_address_country", "card_brand", "card_country",
            "statement_descriptor");

    private static final List<Currency> CURRENCIES = List.of(Currency.getInstance("USD"), Currency.getInstance("EUR"),
            Currency.getInstance("JPY"));
    private static final DateTimeFormatter PAYOUT_DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final Duration SETTLES_AFTER = Duration.ofDays(2);
    private static final List<String> CARD_BRANDS = List.of("visa", "mastercard", "amex");
    private static final List<String> COUNTRIES = List.of("US", "DE", "JP");

    private final long seed;
    private final Instant periodStart;
    private final Instant periodEnd;

    public StripeReportGenerator(long seed, Instant periodStart, Instant periodEnd) {
        if (!periodStart.isBefore(periodEnd)) {
            throw new IllegalArgumentException("the period's start " + periodStart + " must be before its end " + periodEnd);
        }
        this.seed = seed;
        this.periodStart = periodStart;
        this.periodEnd = periodEnd;
    }

    /** Writes {@code rows} data rows after the header to {@code file}, replacing it. */
    public GeneratedReport write(long rows, Path file) throws IOException {
        Counts counts;
        try (var out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            counts = write(rows, out);
        }
        return new GeneratedReport(file, Files.size(file), rows, counts.charges, counts.refunds, counts.disputes, counts.ignored);
    }

    private Counts write(long rows, Writer out) throws IOException {
        if (rows < 1) {
            throw new IllegalArgumentException("a report needs at least one row, not " + rows);
        }
        var random = new SplittableRandom(seed);
        long periodSeconds = Duration.between(periodStart, periodEnd).toSeconds();
        var counts = new Counts();
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
        for (long i = 1; i <= rows; i++) {
            Instant created = periodStart.plusSeconds(random.nextLong(Math.max(1, periodSeconds)));
            int roll = random.nextInt(100);
            // a refund or dispute needs an earlier charge: the first row is always a charge
            if (roll < 80 || counts.charges == 0) {
                counts.charges++;
                charge(out, i, counts.charges, created, random);
            } else if (roll < 90) {
                counts.refunds++;
                reversal(out, i, "refund", "re_" + i, random.nextLong(counts.charges) + 1, created, random);
            } else if (roll < 92) {
                counts.disputes++;
                reversal(out, i, "dispute", "du_" + i, random.nextLong(counts.charges) + 1, created, random);
            } else {
                counts.ignored++;
                ignored(out, i, roll < 97 ? "fee" : "payout", created, random);
            }
        }
        return counts;
    }

    private void charge(Writer out, long row, long charge, Instant created, SplittableRandom random) throws IOException {
        Currency currency = currencyOf(charge);
        long gross = amount(random);
        long fee = gross * 29 / 1000 + 30;
        line(out, row, created, currency, gross, fee, "charge", "ch_" + charge,
                "\"Order o-" + charge + ", Tally shop\"", "pi_" + charge, "o-" + charge, charge);
    }

    /** A refund or a dispute of charge number {@code charge}, in its currency. */
    private void reversal(Writer out, long row, String category, String source, long charge, Instant created, SplittableRandom random)
            throws IOException {
        Currency currency = currencyOf(charge);
        long gross = -amount(random);
        line(out, row, created, currency, gross, 0, category, source, category + " of pi_" + charge, "pi_" + charge, "o-" + charge,
                charge);
    }

    private void ignored(Writer out, long row, String category, Instant created, SplittableRandom random) throws IOException {
        Currency currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
        long gross = -amount(random);
        line(out, row, created, currency, gross, 0, category, (category.equals("payout") ? "po_" : "fee_") + row, category, "", "",
                0);
    }

    private static void line(Writer out, long row, Instant created, Currency currency, long gross, long fee, String category,
                             String source, String description, String paymentIntent, String orderId, long customer) throws IOException {
        Instant available = created.plus(SETTLES_AFTER);
        out.write(String.join(",", "txn_" + row, StripeReportValues.TIME.format(created), StripeReportValues.TIME.format(available),
                currency.getCurrencyCode().toLowerCase(), StripeReportValues.major(gross, currency), StripeReportValues.major(fee, currency),
                StripeReportValues.major(gross - fee, currency),
                category, source, description, paymentIntent, orderId, "po_" + PAYOUT_DAY.format(available),
                StripeReportValues.TIME.format(available.plus(Duration.ofDays(1))), customerColumns(customer, currency)));
        out.write("\r\n");
    }

    /** A charge's customer, always the same for the same charge number; none for a fee or a payout. */
    private static String customerColumns(long customer, Currency currency) {
        if (customer == 0) {
            return ",,,,,,,,";
        }
        int at = CURRENCIES.indexOf(currency);
        return String.join(",", "cus_" + customer, "customer" + customer + "@example.com", "\"Doe, Jane " + customer + "\"",
                "\"" + (customer % 900 + 1) + " Main Street, Apt " + (customer % 40 + 1) + "\"", "Springfield",
                COUNTRIES.get(at), CARD_BRANDS.get((int) (customer % CARD_BRANDS.size())), COUNTRIES.get(at), "TALLY SHOP");
    }

    /** The same charge number is always in the same currency, so its refunds and disputes are too. */
    private static Currency currencyOf(long charge) {
        return CURRENCIES.get((int) (charge % CURRENCIES.size()));
    }

    /** 100 to 50,000 minor units: 1.00 to 500.00 USD or EUR, 100 to 50,000 JPY. */
    private static long amount(SplittableRandom random) {
        return 100 + random.nextLong(49_901);
    }

    private static final class Counts {
        long charges;
        long refunds;
        long disputes;
        long ignored;
    }
}
