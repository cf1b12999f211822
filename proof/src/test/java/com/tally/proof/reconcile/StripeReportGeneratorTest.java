package com.tally.proof.reconcile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StripeReportGeneratorTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedOthers() throws Exception {
        new StripeReportGenerator(7, START, END).write(500, dir.resolve("a.csv"));
        new StripeReportGenerator(7, START, END).write(500, dir.resolve("b.csv"));
        new StripeReportGenerator(8, START, END).write(500, dir.resolve("c.csv"));

        assertArrayEquals(Files.readAllBytes(dir.resolve("a.csv")), Files.readAllBytes(dir.resolve("b.csv")));
        assertFalse(Files.readString(dir.resolve("a.csv")).equals(Files.readString(dir.resolve("c.csv"))));
    }

    @Test
    void everyRowIsAStripeRowAndTheCountsAreWhatItSays() throws Exception {
        var report = new StripeReportGenerator(22, START, END).write(2_000, dir.resolve("report.csv"));
        List<Map<String, String>> rows = read(report.file());

        assertEquals(2_000, rows.size());
        assertEquals(Files.size(report.file()), report.bytes());
        assertEquals(report.rows(), report.charges() + report.refunds() + report.disputes() + report.ignored());
        assertEquals(report.charges(), count(rows, "charge"));
        assertEquals(report.refunds(), count(rows, "refund"));
        assertEquals(report.disputes(), count(rows, "dispute"));
        assertTrue(report.refunds() > 0 && report.disputes() > 0 && report.ignored() > 0, "every kind of row: " + report);
        var charged = new HashSet<String>();
        var rowIds = new HashSet<String>();
        for (var row : rows) {
            assertTrue(rowIds.add(row.get("balance_transaction_id")), "a row ID twice: " + row);
            assertTrue(row.get("created_utc").compareTo("2026-11-01 00:00:00") >= 0 && row.get("created_utc").compareTo("2026-12-01") < 0, row.toString());
            String gross = row.get("gross");
            assertEquals(row.get("currency").equals("jpy"), !gross.contains("."), "JPY without decimals, the others with two: " + row);
            switch (row.get("reporting_category")) {
                case "charge" -> {
                    assertTrue(charged.add(row.get("payment_intent_id")), row.toString());
                    assertTrue(row.get("description").contains(", "), "the quoted comma survives: " + row);
                }
                case "refund", "dispute" -> {
                    assertTrue(charged.contains(row.get("payment_intent_id")), "a reversal of an earlier charge: " + row);
                    assertTrue(gross.startsWith("-"), row.toString());
                }
                default -> assertEquals("", row.get("payment_intent_id"), row.toString());
            }
        }
    }

    @Test
    void anEmptyPeriodOrReportIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StripeReportGenerator(1, END, START));
        assertThrows(IllegalArgumentException.class, () -> new StripeReportGenerator(1, START, END).write(0, dir.resolve("none.csv")));
    }

    private static long count(List<Map<String, String>> rows, String category) {
        return rows.stream().filter(r -> r.get("reporting_category").equals(category)).count();
    }

    private static List<Map<String, String>> read(Path file) throws Exception {
        var rows = new ArrayList<Map<String, String>>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            it.forEachRemaining(rows::add);
        }
        assertEquals(StripeReportGenerator.COLUMNS, List.copyOf(rows.get(0).keySet()));
        return rows;
    }
}
