package com.tally.ingest.reconciliation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a settlement report writes a time: in UTC, as Stripe does ({@code 2026-12-01 14:05:09}) or
 * as an ISO-8601 instant ({@code 2026-12-01T14:05:09Z}). Public so that a tool reading a report
 * before it is uploaded (the sandbox's {@code reconcile}) reads its times as ingest will.
 */
public final class ReportTime {

    private static final DateTimeFormatter STRIPE_UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    private ReportTime() {
    }

    /** @throws DateTimeException when {@code value} is neither form */
    public static Instant parse(String value) {
        return value.indexOf('T') >= 0 ? Instant.parse(value) : LocalDateTime.parse(value, STRIPE_UTC).toInstant(ZoneOffset.UTC);
    }
}
