package com.tally.ingest.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.proof.sim.ProcessorReport;
import com.tally.proof.sim.ProcessorReportTest;
import com.tally.schemas.PaymentKind;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated processor's report read back by ingest's own Stripe reader, as an upload would be.
 * In ingest's package because the reader is package-private there: the report must pass the very
 * checks ingest makes, not a copy of them.
 */
class SimulatedProcessorReportTest {

    @Test
    void ingestTakesEveryRowWithTheAmountsAndIdsTheSimulationMade(@TempDir Path dir) throws Exception {
        var csv = new StringWriter();
        ProcessorReport.write(ProcessorReport.rows(ProcessorReportTest.run(), ProcessorReportTest.compensations(),
                Instant.parse("2026-11-02T10:15:00Z")), csv);
        var spooled = ReportSpool.spool(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                new StripeItemizedReport(), dir.resolve("spool"));
        assertTrue(spooled.good(), () -> spooled.problems().toString());
        var rows = new ArrayList<ReportRow>();
        spooled.forEachRow(rows::add);
        assertEquals(List.of("txn_pi_2_a/pi_2_a/o-2/SUCCEEDED/JPY/1000/null", "txn_pi_1_a/pi_1_a/o-1/SUCCEEDED/EUR/1250/null",
                "txn_pi_4_a/pi_4_a/o-4/SUCCEEDED/EUR/500/null", "txn_pi_3_b/pi_3_b/o-3/SUCCEEDED/USD/99/null",
                "txn_re_pi_4_a/pi_4_a/o-4/REFUNDED/EUR/500/re_pi_4_a", "txn_re_comp_1/pi_1_a/o-1/REFUNDED/EUR/1250/re_comp_1"),
                rows.stream().map(r -> String.join("/", r.rowId(), r.transactionId(), r.orderId(), r.kind().name(), r.currency(),
                        String.valueOf(r.amountMinor()), String.valueOf(r.refundId()))).toList());
        assertEquals(PaymentKind.SUCCEEDED, rows.get(0).kind());
        assertEquals(Instant.parse("2026-11-02T10:15:00Z"), rows.get(0).settledAt());
    }
}
