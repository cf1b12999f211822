package com.tally.sandbox;

import com.tally.ingest.IngestConfig;
import com.tally.platform.Access;
import com.tally.platform.ServiceLauncher;
import com.tally.platform.TallyService;
import com.tally.platform.broker.EmbeddedKafkaBroker;
import com.tally.proof.stack.StackEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandbox run}: broker, topics and every service, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the embedded Kafka broker and every Tally service in this JVM; Ctrl-C stops them all.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = ".tally/sandbox",
            description = "Where the broker and the stream apps keep their data across runs, and the sandbox's tokens (tokens.env)"
                    + " (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--fresh", description = "Delete the data of earlier runs before starting (the tokens are kept).")
    boolean fresh;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "The broker's port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        // made before the broker starts: a data directory that cannot hold them stops the run before anything is up
        var tokens = SandboxTokens.ofDataDir(dataDir);
        var components = new ArrayList<AutoCloseable>();
        var broker = EmbeddedKafkaBroker.builder()
                .port(kafkaPort)
                .dataDir(dataDir.resolve("kafka"))
                .fresh(fresh)
                .build()
                .start();
        components.add(broker);
        try {
            var callers = new HashMap<>(System.getenv());
            callers.putIfAbsent(Access.SHOP_TOKENS, tokens.shop());
            callers.putIfAbsent(Access.OPERATOR_TOKENS, tokens.operator());
            var env = StackEnvironment.of(callers, broker.bootstrapServers(), dataDir.resolve("streams"));
            if (fresh) {
                deleteQuietly(dataDir.resolve("streams"));
            }
            List<TallyService> services = ServiceLauncher.startAll(Sandbox.services(env, Clock.systemUTC()));
            components.addAll(services);
            printBanner(broker, services, env, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            ServiceLauncher.closeInReverse(components);
            throw e;
        }
        ServiceLauncher.runUntilStopped(components);
        return 0;
    }

    private void printBanner(EmbeddedKafkaBroker broker, List<TallyService> services, Map<String, String> env, long millis) {
        var out = System.out;
        out.println();
        out.println("Tally sandbox is up in " + millis + " ms");
        out.printf("  %-20s %s  (data in %s)%n", "kafka", broker.bootstrapServers(), broker.dataDir());
        for (TallyService service : services) {
            out.printf("  %-20s %s%n", service.name(), service.url());
        }
        String secret = env.get(IngestConfig.STRIPE_WEBHOOK_SECRET);
        out.println("  Stripe webhook secret: " + secret
                + (StackEnvironment.DEFAULT_STRIPE_SECRET.equals(secret) ? "  (the sandbox default; set TALLY_STRIPE_WEBHOOK_SECRET to change it)" : ""));
        String standard = env.get(IngestConfig.STANDARD_WEBHOOK_SECRET);
        out.println("  Standard Webhooks secret: " + standard
                + (StackEnvironment.DEFAULT_STANDARD_SECRET.equals(standard) ? "  (the sandbox default; set TALLY_STANDARD_WEBHOOK_SECRET to change it)" : ""));
        // where the tokens are, never the tokens: a banner ends up in terminals' scrollback and in logs
        out.println("  Tokens: " + SandboxTokens.file(dataDir) + "  (a shop token and an operator token, made once for this data directory)");
        for (String list : List.of(Access.SHOP_TOKENS, Access.OPERATOR_TOKENS)) {
            if (System.getenv(list) != null && !System.getenv(list).isBlank()) {
                out.println("    " + list + " is set here: the services take it instead of the file's token");
            }
        }
        out.println("  In another terminal: source " + SandboxTokens.file(dataDir) + "  (sets $TALLY_SHOP_TOKEN and $TALLY_OPERATOR_TOKEN)");
        out.println("Try it: README.md, \"A short tour\". Ctrl-C stops everything.");
        out.println();
        out.flush();
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // nothing there yet
        }
    }
}
