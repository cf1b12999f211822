package com.tally.sandbox;

import com.tally.platform.TempDirectory;
import com.tally.proof.chaos.ChaosRun;
import com.tally.proof.verify.Report;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandbox chaos}: the crash test, any size. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"The crash test: broker, ingest-service and order-stream in their own JVMs; while a simulation runs,",
                "order-stream is killed with SIGKILL and restarted at seeded random times, ingest is killed once and the broker",
                "killed and restarted once. Then the verifier checks the run. Exits 1 on any violation."})
final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--orders", defaultValue = "2000", description = "Orders to simulate (default: ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the stories and of the kill times (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "120", description = "Requests per second, low enough that the run outlasts the kills (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--kills", defaultValue = "5", description = "Times a stream app (order-stream) is killed (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--work-dir", description = "Where the processes keep their data and logs, kept after the run "
            + "(default: a new temporary directory, deleted after a run where every invariant held).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (workDir != null) {
            return run(workDir);
        }
        // the data of a run that held is of no further use; the logs of one that did not are the evidence
        try (var work = TempDirectory.create("tally-chaos")) {
            try {
                int exit = run(work.path());
                if (exit != 0) {
                    work.keep();
                }
                return exit;
            } catch (Exception | Error e) {
                work.keep();
                throw e;
            } finally {
                System.out.println(work.kept() ? "logs kept in " + work.path()
                        : "removing " + work.path() + " (--work-dir keeps a run's data and logs)");
            }
        }
    }

    private int run(Path work) throws Exception {
        System.out.printf("chaos run: %,d orders, seed %d, %d order-stream kills; logs in %s%n", orders, seed, kills, work);
        Report report = new ChaosRun(new ChaosRun.Settings(orders, seed, rate, kills, work), System.out::println).run();
        report.print(System.out);
        return report.holds() ? 0 : 1;
    }
}
