package com.tally.sandbox;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sandbox}: the entry point of the sandbox jar; each verb is a subcommand. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Tally on one machine: the whole stack on an embedded Kafka broker, and tools to try it.",
        subcommands = {RunCommand.class, SendWebhookCommand.class, SimulateCommand.class, VerifyCommand.class, ChaosCommand.class,
                BenchCommand.class, FloodCommand.class, RebuildOrdersCommand.class, MailCommand.class, ProcessorReportCommand.class,
                ReconcileCommand.class})
public final class SandboxCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        var commandLine = new CommandLine(new SandboxCommand());
        // a missing token is the user's next step, not a failure of the command: its message, without a stack trace
        commandLine.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (failure instanceof SandboxTokens.MissingToken) {
                command.getErr().println(failure.getMessage());
                return 2;
            }
            throw failure;
        });
        System.exit(commandLine.execute(args));
    }
}
