package com.tally.sandbox;

import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.sim.Drops;
import com.tally.proof.sim.KnownCharges;
import com.tally.proof.sim.Mix;
import com.tally.proof.sim.Simulator;
import com.tally.proof.sim.Stories;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandbox simulate}: a payment processor and a shop sending a seeded mix of orders and webhooks to ingest. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Place orders and send their Stripe-signed webhooks to ingest-service at a target rate, with repeated,",
                "reordered, delayed and forged deliveries, failed and second charges and refunds; retries on 503 like a processor.",
                "Records every request and its answer as JSON lines for `sandbox verify`.",
                "Places orders with TALLY_SHOP_TOKEN, else the shop token in .tally/sandbox/tokens.env."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--orders", defaultValue = "1000", description = "Orders to place (default: ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--rate", defaultValue = "500", description = "Requests per second to aim at (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--connections", defaultValue = "32", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the stories and the mix (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duplicates", defaultValue = "0.30", description = "Extra copies delivered per webhook, on average: 0.3 delivers 30 %% of webhooks twice, 2 delivers every webhook three times (default: ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(names = "--forged", defaultValue = "0.02", description = "Share of orders that also get a forged webhook (default: ${DEFAULT-VALUE}).")
    double forged;

    @Option(names = "--unstocked", defaultValue = "0.03",
            description = "Share of orders holding SKU-UNSTOCKED, which ships unless the warehouse rejects it"
                    + " (curl -X POST 'localhost:8091/warehouse/mode?mode=reject&sku=SKU-UNSTOCKED') (default: ${DEFAULT-VALUE}).")
    double unstocked;

    @Option(names = "--drop", defaultValue = "0",
            description = "Share of the orders paid once and kept whose charge webhooks are all lost, as a broken network would lose them;"
                    + " the record marks them dropped, and `tally processor-report` then `tally reconcile` heal them (default: ${DEFAULT-VALUE}).")
    double drop;

    @Option(names = "--ingest-url", defaultValue = "http://localhost:8080", description = "ingest-service (default: ${DEFAULT-VALUE}).")
    String ingestUrl;

    @Option(names = "--processor-url", defaultValue = "http://localhost:" + ProcessorSimulator.DEFAULT_PORT,
            description = "The processor simulator, told of every successful charge first so it can refund them; none: tell nobody"
                    + " (default: ${DEFAULT-VALUE}).")
    String processorUrl;

    @Option(names = "--secret", description = "Stripe webhook secret (default: TALLY_STRIPE_WEBHOOK_SECRET's first entry, else the sandbox's).")
    String secret;

    @Option(names = "--out", defaultValue = "sim-record.jsonl", description = "Where to record the run (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Mix defaults = Mix.defaults();
        var mix = new Mix(duplicates, defaults.outOfOrder(), defaults.delayed(), defaults.webhooksFirst(), defaults.failedThenSucceeded(),
                defaults.onlyFailed(), defaults.secondCharge(), defaults.refunded(), forged, unstocked);
        String runId = "s" + seed + "-" + Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);
        var settings = new Simulator.Settings(ingestUrl, secret != null ? secret : SendWebhookCommand.configuredSecret(),
                SandboxTokens.shopToken(System.getenv()), connections, rate, 20, out);
        System.out.printf("simulating %,d orders (run %s) at %,.0f requests/s over %d connections against %s%n",
                orders, runId, rate, connections, ingestUrl);
        var processor = "none".equals(processorUrl) ? KnownCharges.NONE : KnownCharges.at(processorUrl);
        var stories = Stories.plan(seed, orders, mix, runId);
        var dropped = Drops.choose(stories, drop, seed);
        if (!dropped.isEmpty()) {
            System.out.printf("losing every charge webhook of %,d orders (marked dropped in %s)%n", dropped.size(), out);
        }
        var result = new Simulator(settings, System.out::println).chargesKnownTo(processor).run(stories, mix, seed, dropped);
        System.out.printf("%,d requests for %,d orders in %.1f s (%,.0f/s, answered in p50 %.1f ms, p99 %.1f ms): %,d as expected, %,d not, %,d retries; recorded in %s%n",
                result.deliveries(), result.orders(), result.took().toMillis() / 1000.0, result.deliveriesPerSecond(), result.p50Ms(),
                result.p99Ms(), result.asExpected(), result.unexpected(), result.retries(), out);
        return result.unexpected() == 0 ? 0 : 1;
    }
}
