package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.proof.chaos.ChaosRun;
import com.tally.proof.verify.Check;
import com.tally.proof.verify.Report;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI-sized crash run: about 2,000 orders while the stream apps are killed with SIGKILL five
 * times (the seed picks which), ingest once and the broker once, each in its own JVM; every
 * invariant, the e-mails read back over IMAP included, must hold, and each must have been
 * exercised. Larger runs: {@code ./tally chaos --orders … --seed …}.
 */
class ChaosIT {

    /** Kept when the run fails, for the processes' logs. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void everyInvariantHoldsThroughKillsOfEveryProcess() throws Exception {
        var settings = new ChaosRun.Settings(2_000, 42, 120, 5, work);

        long start = System.nanoTime();
        // each line with the seconds since the start, so a slow phase shows in CI's log
        Report report = new ChaosRun(settings, line -> System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - start) / 1e9, line)).run();

        report.print(System.out);
        for (Check check : report.checks()) {
            assertEquals(0, check.violations(), check.invariant() + ": " + check.offenders().stream().limit(5).toList());
            assertTrue(check.checked() > 0, check.invariant() + " was exercised");
        }
        assertTrue(report.check(ChaosRun.NO_ABORTED_READS).checked() > 5_000, "the reader saw the run's output");
    }
}
