package com.tally.ingest.reconciliation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.CharConversionException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first pass over an uploaded report: reads the CSV as it streams in, checks the header and
 * every row, and writes each good row, compactly, to a file, so the report is never held in
 * memory whatever its size. It goes on past a bad row, so the answer names every bad row, not
 * the first; a file that cannot be parsed further (an unterminated quote) ends the pass there.
 */
public final class ReportSpool {

    /** Problems listed in an answer; a report with more is counted in full but listed only this far. */
    public static final int MAX_LISTED_PROBLEMS = 1000;

    /** Columns of one row: Stripe's report has a few dozen; far more is not a report, and each costs memory. */
    static final int MAX_COLUMNS = 500;

    /**
     * Characters of one value: a free-text column Tally does not read (a description, metadata)
     * may be long, and the parser holds one value at a time, so this bounds its memory.
     */
    static final int MAX_VALUE_CHARS = 64 * 1024;

    private static final CsvFactory CSV = CsvFactory.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_VALUE_CHARS).build())
            .build();

    private ReportSpool() {
    }

    /**
     * What the first pass found. When {@code problems} is empty, {@code file} holds
     * {@code rowsRead} rows, of which {@code skipped} are repeats of an earlier row with the
     * same figures, to be left out of the append.
     */
    public record Spooled(Path file, int rowsRead, BitSet skipped, int problemCount, List<RowProblem> problems) {

        public boolean good() {
            return problemCount == 0;
        }

        /** The rows to append: each row ID once. */
        public int rows() {
            return rowsRead - skipped.cardinality();
        }

        /** Reads the file back, in the report's order, each row ID once. */
        public void forEachRow(RowAction action) throws IOException {
            try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                while (true) {
                    int row;
                    try {
                        row = in.readInt();
                    } catch (EOFException end) {
                        return;
                    }
                    byte[] encoded = new byte[in.readInt()];
                    in.readFully(encoded);
                    if (!skipped.get(row)) {
                        action.accept(ReportRow.readFrom(new DataInputStream(new ByteArrayInputStream(encoded))));
                    }
                }
            }
        }
    }

    @FunctionalInterface
    public interface RowAction {
        void accept(ReportRow row) throws IOException;
    }

    /**
     * Reads {@code report} to its end and writes its rows to {@code file}.
     *
     * @throws IOException when reading the body or writing the file fails (not for a malformed report)
     */
    public static Spooled spool(InputStream report, ReportFormat format, Path file) throws IOException {
        var problems = new Problems();
        var index = new RowIdIndex();
        int row = 0;
        try (CsvParser parser = (CsvParser) CSV.createParser(report);
             var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            parser.setSchema(CsvSchema.emptySchema());
            long line = 1;
            try {
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    problems.add(new RowProblem(0, 0, "the body is empty: send the report's CSV file as the body"));
                    return new Spooled(file, 0, new BitSet(), problems.count, problems.listed);
                }
                Map<String, Integer> columns = null;
                var values = new ArrayList<String>();
                var rowBytes = new ByteArrayOutputStream(256);
                var rowOut = new DataOutputStream(rowBytes);
                MessageDigest sha256 = sha256();
                while (parser.nextToken() == JsonToken.START_ARRAY) {
                    line = parser.currentLocation().getLineNr();
                    int extra = readRow(parser, values);
                    if (columns == null) {
                        columns = header(values, extra, format, problems);
                        if (columns == null) {
                            break;
                        }
                        continue;
                    }
                    row++;
                    if (extra > 0 || values.size() > columns.size()) {
                        problems.add(new RowProblem(row, line, "it has " + (values.size() + extra) + " values and the header "
                                + columns.size() + " columns: quote a value that holds a comma (\"a,b\")"));
                        continue;
                    }
                    if (values.size() < columns.size()) {
                        problems.add(new RowProblem(row, line, "it has " + values.size() + " values and the header " + columns.size()
                                + " columns: the row is cut short (a truncated file?); export the report again"));
                        continue;
                    }
                    var reading = format.read(new RowFields(columns, values));
                    if (reading instanceof ReportFormat.Bad bad) {
                        problems.add(new RowProblem(row, line, String.join("; ", bad.reasons())));
                        continue;
                    }
                    ReportRow good = ((ReportFormat.Good) reading).row();
                    rowBytes.reset();
                    good.writeTo(rowOut);
                    rowOut.flush();
                    byte[] encoded = rowBytes.toByteArray();
                    if (problems.count == 0) {   // once the report is refused, rows are still checked, no longer kept
                        out.writeInt(row);
                        out.writeInt(encoded.length);
                        out.write(encoded);
                    }
                    ByteBuffer id = ByteBuffer.wrap(sha256.digest(good.rowId().getBytes(StandardCharsets.UTF_8)));
                    long figures = ByteBuffer.wrap(sha256.digest(encoded)).getLong();
                    index.add(id.getLong(), id.getLong(), figures, row, line);
                }
                if (columns == null && problems.count == 0) {
                    problems.add(new RowProblem(0, 0, "the body is empty: send the report's CSV file as the body"));
                } else if (row == 0 && problems.count == 0) {
                    problems.add(new RowProblem(0, 0, "the report has a header and no rows: there is nothing to reconcile;"
                            + " check the period the report was run for"));
                }
            } catch (CharConversionException notUtf8) {
                problems.add(new RowProblem(row + 1, line, "the file is not UTF-8 text from this row on (" + notUtf8.getMessage()
                        + "): export the report again as UTF-8"));
            } catch (JsonProcessingException unreadable) {
                // the parser cannot resynchronise after a syntax error: every row before this one has been checked
                long at = unreadable.getLocation() != null ? unreadable.getLocation().getLineNr() : line;
                problems.add(new RowProblem(row + 1, line, "the file cannot be read from this row on (line " + at + "): "
                        + (unreadable instanceof StreamConstraintsException
                                ? "a value is longer than " + MAX_VALUE_CHARS + " characters, more than any report's column holds"
                                : unreadable.getOriginalMessage())
                        + "; an unterminated quote or a truncated file? Fix it or export the report again"));
            }
        }
        var repeats = index.repeats();
        repeats.conflicts().forEach(problems::add);
        problems.listed.sort(Comparator.comparingInt(RowProblem::row));
        return new Spooled(file, row, problems.count > 0 ? new BitSet() : repeats.skipped(), problems.count, problems.listed);
    }

    /**
     * Reads one row's values into {@code values}, keeping at most {@link #MAX_COLUMNS}.
     *
     * @return how many values past that were dropped
     */
    private static int readRow(CsvParser parser, List<String> values) throws IOException {
        values.clear();
        int dropped = 0;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
            if (values.size() < MAX_COLUMNS) {
                values.add(parser.getText());
            } else {
                dropped++;
            }
        }
        if (token != JsonToken.END_ARRAY) {
            throw new IllegalStateException("a CSV row ended with " + token);
        }
        return dropped;
    }

    /** The header's column positions, or null (with the problem recorded) when the header is not the format's. */
    private static Map<String, Integer> header(List<String> names, int dropped, ReportFormat format, Problems problems) {
        if (dropped > 0) {
            problems.add(new RowProblem(0, 1, "the header has more than " + MAX_COLUMNS + " columns: this is not a " + format.name()));
            return null;
        }
        var columns = new HashMap<String, Integer>();
        var repeated = new ArrayList<String>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (columns.putIfAbsent(name, i) != null) {
                repeated.add(name);
            }
        }
        var missing = format.requiredColumns().stream().filter(column -> !columns.containsKey(column)).toList();
        if (!missing.isEmpty() || !repeated.isEmpty()) {
            problems.add(new RowProblem(0, 1, "the header is not a " + format.name() + "'s: "
                    + (missing.isEmpty() ? "" : "it lacks " + String.join(", ", missing) + " (the first line must name the columns,"
                    + " and these are required: " + String.join(", ", format.requiredColumns()) + ")")
                    + (!missing.isEmpty() && !repeated.isEmpty() ? "; " : "")
                    + (repeated.isEmpty() ? "" : "it names " + String.join(", ", repeated) + " twice")));
            return null;
        }
        return columns;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static final class Problems {
        private final List<RowProblem> listed = new ArrayList<>();
        private int count;

        void add(RowProblem problem) {
            count++;
            if (listed.size() < MAX_LISTED_PROBLEMS) {
                listed.add(problem);
            }
        }
    }
}
