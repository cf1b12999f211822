package com.tally.sandbox;

import com.tally.sandbox.chaos.ChaosRun;
import com.tally.sandbox.verify.Report;
import java.nio.file.Files;
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

    @Option(names = "--kills", defaultValue = "5", description = "Times order-stream is killed (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--work-dir", description = "Where the processes keep their data and logs (default: a new temporary directory).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Path work = workDir != null ? workDir : Files.createTempDirectory("tally-chaos");
        System.out.printf("chaos run: %,d orders, seed %d, %d order-stream kills; logs in %s%n", orders, seed, kills, work);
        Report report = new ChaosRun(new ChaosRun.Settings(orders, seed, rate, kills, work), System.out::println).run();
        report.print(System.out);
        return report.holds() ? 0 : 1;
    }
}
