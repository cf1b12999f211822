package com.tally.proof.chaos;

import com.tally.fulfillment.FulfillmentConfig;
import com.tally.notification.NotificationConfig;
import com.tally.notification.SmtpSettings;
import com.tally.order.OrderConfig;
import com.tally.platform.KafkaConfig;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.sim.KnownCharges;
import com.tally.proof.sim.Mix;
import com.tally.proof.sim.SimulationRecord;
import com.tally.proof.sim.Simulator;
import com.tally.proof.sim.Stories;
import com.tally.proof.sim.Story;
import com.tally.proof.stack.ProcessStack;
import com.tally.proof.stack.ServiceProcess;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.stack.TallyProcesses;
import com.tally.proof.verify.Check;
import com.tally.proof.verify.Report;
import com.tally.proof.verify.TallyInvariants;
import com.tally.proof.verify.Verifier;
import com.tally.proof.verify.VerifyTargets;
import com.tally.proof.warehouse.WarehouseMode;
import com.tally.proof.warehouse.WarehouseSimulator;
import com.tally.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The crash test: the broker and every service each in their own JVM, a simulation running
 * against them, and meanwhile a stream app (order-stream) killed with SIGKILL and restarted at
 * seeded random times, every other service (ingest) killed once and the broker killed and
 * restarted once. The stream apps commit every 5 s, so the kills land inside open transactions. A
 * read_committed reader watches the outputs throughout; at the end the verifier checks the run,
 * plus that the reader never saw a record of an aborted transaction.
 */
public final class ChaosRun {

    public static final String NO_ABORTED_READS = "no record of an aborted transaction was read";

    public record Settings(int orders, long seed, double rate, int streamAppKills, Path workDir) {
    }

    private final Settings settings;
    private final Consumer<String> progress;

    public ChaosRun(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Report run() throws Exception {
        var streamsSettings = Map.of(
                KafkaConfig.COMMIT_INTERVAL, "PT5S",          // long transactions, so the kills land inside them
                // the restarted instance is the same member: no session timeout to wait out
                OrderConfig.INSTANCE_ID, "chaos-1",
                FulfillmentConfig.INSTANCE_ID, "chaos-1",
                NotificationConfig.INSTANCE_ID, "chaos-1",
                // a run owes about three e-mails per order: more sends at a time keep the dispatcher near the stream, and
                // put more of them under way at each kill
                SmtpSettings.MAX_SENDS_IN_FLIGHT, "32");
        try (var stack = new ProcessStack(settings.workDir(), 3, TallyProcesses.ALL, streamsSettings).start();
             var guard = new AbortedReadGuard(stack.kafka(), List.of(Topics.PAYMENT_EVENTS, Topics.ORDER_EVENTS,
                     Topics.REFUNDS, Topics.LEDGER_ENTRIES))) {
            // the mix's unstocked orders are rejected, so compensation runs through the kills too
            stack.warehouse().ifPresent(warehouse -> warehouse.mode(WarehouseMode.reject(Story.UNSTOCKED_SKU)));
            Path record = settings.workDir().resolve("sim-record.jsonl");
            Mix mix = Mix.defaults();
            var simulator = new Simulator(new Simulator.Settings(stack.url(TallyProcesses.INGEST.name()), StackEnvironment.DEFAULT_STRIPE_SECRET,
                    StackEnvironment.DEFAULT_SHOP_TOKEN, 16, settings.rate(), 60, record), progress)
                    .chargesKnownTo(stack.processor().map(ProcessorSimulator::knownCharges).orElse(KnownCharges.NONE));
            var simulation = CompletableFuture.supplyAsync(() -> {
                try {
                    return simulator.run(Stories.plan(settings.seed(), settings.orders(), mix, "chaos" + settings.seed()), mix, settings.seed());
                } catch (Exception e) {
                    throw new IllegalStateException("the simulation failed: " + e.getMessage(), e);
                }
            });
            crash(stack, simulation);
            var result = simulation.join();
            progress.accept(String.format("simulation done: %,d requests, %,d as expected, %,d not, %,d retries",
                    result.deliveries(), result.asExpected(), result.unexpected(), result.retries()));
            Report report = new Verifier(stack.kafka(), TallyInvariants.all(VerifyTargets.of(stack, StackEnvironment.DEFAULT_OPERATOR_TOKEN)), progress)
                    .verify(SimulationRecord.read(record), Duration.ofMinutes(3));
            guard.close();
            var noAbortedReads = new Check(NO_ABORTED_READS);
            List<String> leaked = guard.recordsNotCommitted();
            for (int i = 0; i < guard.seenCount(); i++) {
                noAbortedReads.expect(i >= leaked.size(), i < leaked.size() ? leaked.get(i) + " was read but is not committed" : "");
            }
            var simulated = new Check("every request was answered as a processor expects");
            simulated.expect(result.unexpected() == 0, result.unexpected() + " requests answered otherwise: see " + record);
            return report.with(noAbortedReads).with(simulated);
        }
    }

    /**
     * Kills while the simulation runs: a stream app at seeded random times (the seed picks which,
     * when there are several), every other service once, the broker once.
     */
    private void crash(ProcessStack stack, CompletableFuture<?> simulation) throws Exception {
        var random = new Random(settings.seed());
        List<String> streamApps = TallyProcesses.ALL.stream().filter(s -> !s.consumerGroups().isEmpty()).map(ServiceProcess::name).toList();
        List<String> others = TallyProcesses.ALL.stream().filter(s -> s.consumerGroups().isEmpty()).map(ServiceProcess::name).toList();
        int kills = 0;
        boolean othersKilled = false;
        boolean brokerRestarted = false;
        while (kills < settings.streamAppKills() || !othersKilled || !brokerRestarted) {
            Thread.sleep(1_500 + random.nextInt(3_500));
            if (kills == 1 && !othersKilled) {
                for (String service : others) {
                    progress.accept("chaos: SIGKILL " + service);
                    stack.process(service).kill();
                    Thread.sleep(500 + random.nextInt(1_500));
                    stack.restart(service);
                }
                othersKilled = true;
            } else if (kills == 3 && !brokerRestarted) {
                progress.accept("chaos: SIGKILL the broker");
                stack.broker.kill();
                Thread.sleep(1_000 + random.nextInt(2_000));
                stack.startBroker();
                brokerRestarted = true;
            } else {
                kills++;
                String victim = streamApps.size() == 1 ? streamApps.get(0) : streamApps.get(random.nextInt(streamApps.size()));
                progress.accept("chaos: SIGKILL " + victim + " (" + kills + " of " + settings.streamAppKills() + ")"
                        + (simulation.isDone() ? " after the simulation, while it catches up" : ""));
                stack.process(victim).kill();
                Thread.sleep(200 + random.nextInt(1_500));
                stack.restart(victim);
            }
        }
        stack.awaitRunning();
    }
}
