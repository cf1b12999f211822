package com.tally.ingest.reconciliation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Finds rows that repeat a row ID, in memory that grows by a few dozen bytes a row whatever the
 * IDs' lengths, so a report of a million rows is checked without holding its IDs: each row is
 * kept as a 128-bit digest of its ID (two IDs sharing one is as likely as a SHA-256 collision),
 * a 64-bit digest of its figures, and where it is. Sorting by ID digest puts repeats side by
 * side. A repeat with the same figures is the same row exported twice, appended once; with
 * other figures it is a bad row.
 */
final class RowIdIndex {

    private long[] idHigh = new long[1024];
    private long[] idLow = new long[1024];
    private long[] figures = new long[1024];
    private int[] rows = new int[1024];
    private long[] lines = new long[1024];
    private int size;

    void add(long idDigestHigh, long idDigestLow, long figuresDigest, int row, long line) {
        if (size == rows.length) {
            int grown = size + (size >> 1);
            idHigh = Arrays.copyOf(idHigh, grown);
            idLow = Arrays.copyOf(idLow, grown);
            figures = Arrays.copyOf(figures, grown);
            rows = Arrays.copyOf(rows, grown);
            lines = Arrays.copyOf(lines, grown);
        }
        idHigh[size] = idDigestHigh;
        idLow[size] = idDigestLow;
        figures[size] = figuresDigest;
        rows[size] = row;
        lines[size] = line;
        size++;
    }

    /** The rows to skip (repeats with the same figures) and a problem for each repeat with other figures. */
    record Repeats(BitSet skipped, List<RowProblem> conflicts) {
    }

    Repeats repeats() {
        heapSort();
        var skipped = new BitSet();
        var conflicts = new ArrayList<RowProblem>();
        int first = 0;
        for (int i = 1; i < size; i++) {
            if (idHigh[i] != idHigh[first] || idLow[i] != idLow[first]) {
                first = i;
            } else if (figures[i] == figures[first]) {
                skipped.set(rows[i]);
            } else {
                conflicts.add(new RowProblem(rows[i], lines[i], "its row ID is already row " + rows[first] + "'s, with other figures:"
                        + " a row ID names one row; remove the wrong one or export the report again"));
            }
        }
        conflicts.sort((a, b) -> Integer.compare(a.row(), b.row()));
        return new Repeats(skipped, conflicts);
    }

    // in place, no recursion and no boxing: quick enough for millions of rows, and no extra memory
    private void heapSort() {
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i, size);
        }
        for (int end = size - 1; end > 0; end--) {
            swap(0, end);
            siftDown(0, end);
        }
    }

    private void siftDown(int node, int end) {
        while (true) {
            int child = 2 * node + 1;
            if (child >= end) {
                return;
            }
            if (child + 1 < end && less(child, child + 1)) {
                child++;
            }
            if (!less(node, child)) {
                return;
            }
            swap(node, child);
            node = child;
        }
    }

    /** By ID digest, then by row, so the first of a group is the row that came first. */
    private boolean less(int a, int b) {
        int byHigh = Long.compare(idHigh[a], idHigh[b]);
        if (byHigh != 0) {
            return byHigh < 0;
        }
        int byLow = Long.compare(idLow[a], idLow[b]);
        return byLow != 0 ? byLow < 0 : rows[a] < rows[b];
    }

    private void swap(int a, int b) {
        swap(idHigh, a, b);
        swap(idLow, a, b);
        swap(figures, a, b);
        swap(lines, a, b);
        int row = rows[a];
        rows[a] = rows[b];
        rows[b] = row;
    }

    private static void swap(long[] values, int a, int b) {
        long value = values[a];
        values[a] = values[b];
        values[b] = value;
    }
}
