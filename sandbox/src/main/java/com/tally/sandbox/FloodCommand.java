package com.tally.sandbox;

import com.tally.proof.bench.FloodRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandbox flood}: forged webhooks from one address with signed ones among them; what the flood leaves behind. */
@Command(name = "flood", mixinStandardHelpOptions = true,
        description = {"A flood of forged webhooks from one address against ingest-service on its own embedded broker, with",
                "correctly signed ones interleaved. Reports whether every signed one was answered 2xx and landed on",
                "payments.webhooks, what payments.webhooks.rejected grew by (records and bytes), the rejection counter and",
                "the signed webhooks' latency during the flood. Exits 1 unless all of it holds."})
final class FloodCommand implements Callable<Integer> {

    @Option(names = "--forged", defaultValue = "200000", description = "Forged webhooks, all from this machine's one address (default: ${DEFAULT-VALUE}).")
    int forged;

    @Option(names = "--signed", defaultValue = "2000", description = "Correctly signed webhooks spread evenly among them (default: ${DEFAULT-VALUE}).")
    int signed;

    @Option(names = "--connections", defaultValue = "32", description = "Concurrent connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--out", defaultValue = "bench-results", description = "Where the JSON result goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        var run = new FloodRun(new FloodRun.Settings(forged, signed, connections, partitions, out), System.out::println);
        var result = run.run();
        run.report(result, System.out);
        return result.holds() ? 0 : 1;
    }
}
