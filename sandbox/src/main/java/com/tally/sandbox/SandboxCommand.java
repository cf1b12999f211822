package com.tally.sandbox;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sandbox}: the entry point of the sandbox jar; each verb is a subcommand. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Tally on one machine: the whole stack on an embedded Kafka broker, and tools to try it.",
        subcommands = {RunCommand.class, SendWebhookCommand.class, SimulateCommand.class, VerifyCommand.class, ChaosCommand.class,
                BenchCommand.class, FloodCommand.class, RebuildOrdersCommand.class})
public final class SandboxCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SandboxCommand()).execute(args));
    }
}
