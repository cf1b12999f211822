package com.tally.ingest.reconciliation;

/**
 * Why a report is refused, at one place in it: {@code row} counts data rows from 1 (the header
 * is not one), {@code line} is the file's line the row starts on (they differ once a quoted
 * value spans lines); 0 for a problem with the file rather than a row.
 */
public record RowProblem(int row, long line, String reason) {
}
