package com.tally.ingest.reconciliation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The period a report covers, as the operator states it: start inclusive, end exclusive, as Stripe runs reports. */
public record ReportPeriod(Instant start, Instant end) {

    public ReportPeriod {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("periodStart " + start + " is not before periodEnd " + end);
        }
    }

    /** The period the query parameters give, or every problem with them. */
    sealed interface Parsed {
    }

    record Valid(ReportPeriod period) implements Parsed {
    }

    record Invalid(List<String> problems) implements Parsed {
    }

    static Parsed parse(String start, String end) {
        var problems = new ArrayList<String>();
        Instant from = instant("periodStart", start, problems);
        Instant to = instant("periodEnd", end, problems);
        if (problems.isEmpty() && !from.isBefore(to)) {
            problems.add("periodStart " + start + " is not before periodEnd " + end
                    + ": give the period the report was run for, the end exclusive (Stripe's interval_end)");
        }
        return problems.isEmpty() ? new Valid(new ReportPeriod(from, to)) : new Invalid(problems);
    }

    private static Instant instant(String name, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(name + " is missing: add ?periodStart=2026-11-01T00:00:00Z&periodEnd=2026-12-01T00:00:00Z,"
                    + " the period the report was run for");
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(name + "=" + value + " is not an ISO-8601 instant: write it like 2026-11-01T00:00:00Z");
            return null;
        }
    }
}
