package com.tally.sandbox;

import com.tally.proof.bench.IngestBenchmark;
import com.tally.proof.bench.PaymentPathBenchmark;
import com.tally.proof.bench.ReconciliationUploadBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sandbox bench}: the benchmarks; each target is a subcommand. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks on this machine.",
        subcommands = {IngestBenchmark.class, PaymentPathBenchmark.class, ReconciliationUploadBenchmark.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
