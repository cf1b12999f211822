package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.proof.bench.ReportUploadRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite's small version of {@code ./tally bench reconcile}: a generated Stripe report of
 * 10,000 rows uploaded to an ingest-service whose JVM has a 64 MiB heap is taken whole, and
 * exactly its rows are committed on payments.settlements.
 */
class ReconciliationUploadSmallHeapIT {

    @TempDir
    Path work;

    @Test
    void tenThousandRowsPassAnIngestWithA64MiBHeap() throws Exception {
        var result = ReportUploadRun.run(work, 10_000, 22, "64m", System.out::println);

        assertEquals(202, result.status(), result.answer().toString());
        var report = result.report();
        assertEquals(10_000, result.answer().path("rows").asLong(), result.answer().toString());
        assertEquals(report.charges(), result.answer().path("charges").asLong());
        assertEquals(report.refunds(), result.answer().path("refunds").asLong());
        assertEquals(report.disputes(), result.answer().path("disputes").asLong());
        assertEquals(report.ignored(), result.answer().path("ignored").asLong());
        assertEquals(0, result.answer().path("repeatedRowsSkipped").asLong());
        assertEquals(10_000, result.committed(), "records committed on payments.settlements");
        assertTrue(result.uploadSeconds() < 30, "uploaded in " + result.uploadSeconds() + " s");
        assertTrue(result.peakRssKiB() > 0, "ingest's peak RSS read from /proc");
    }
}
