package com.tally.proof.reconcile;

import java.nio.file.Path;

/**
 * A report {@link StripeReportGenerator} wrote: where, how large, and the counts ingest's 202
 * answer must give back for it ({@code rows}, {@code charges}, {@code refunds}, {@code disputes},
 * {@code ignored}).
 */
public record GeneratedReport(Path file, long bytes, long rows, long charges, long refunds, long disputes, long ignored) {
}
