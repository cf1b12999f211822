package com.tally.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcileCommandTest {

    @Test
    void theDefaultPeriodSpansTheRowsWhateverTheirOrderOrTimeFormat(@TempDir Path dir) throws Exception {
        Path report = Files.writeString(dir.resolve("r.csv"), "balance_transaction_id,created_utc,gross\r\n"
                + "txn_2,2026-11-02 10:20:00,\"1,000\"\r\n\r\ntxn_1,2026-11-02T10:15:00Z,5\r\ntxn_3,2026-11-02 10:16:30,7\r\n");
        assertArrayEquals(new Instant[] {Instant.parse("2026-11-02T10:15:00Z"), Instant.parse("2026-11-02T10:20:00Z")},
                ReconcileCommand.span(report));
        assertNull(ReconcileCommand.span(Files.writeString(dir.resolve("empty.csv"), "balance_transaction_id,created_utc\r\n")));
    }
}
