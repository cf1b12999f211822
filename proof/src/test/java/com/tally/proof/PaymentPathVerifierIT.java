package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.order.OrderConfig;
import com.tally.order.OrderStreamApp;
import com.tally.platform.Access;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.proof.sim.Mix;
import com.tally.proof.sim.SimulationRecord;
import com.tally.proof.sim.Simulator;
import com.tally.proof.sim.Stories;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.verify.Check;
import com.tally.proof.verify.IngestInvariants;
import com.tally.proof.verify.OrderStreamInvariants;
import com.tally.proof.verify.Report;
import com.tally.proof.verify.TallyInvariants;
import com.tally.proof.verify.Verifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator and the verifier over the real payment path: a seeded run with every kind of
 * repeat and disorder keeps every invariant, and a build whose dedupe forgets (assembled around the
 * real one in test code: {@link ForgetfulOrderStream}) is caught, with the invariants it breaks named.
 */
class PaymentPathVerifierIT {

    private static TestStack stack;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        stack = new TestStack();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private Report simulateAndVerify(OrderStreamApp orderStream, int orders, Mix mix, long seed, String runId) throws Exception {
        Path record = temp.resolve("simulator-" + runId + ".jsonl");
        var settings = new Simulator.Settings(stack.ingestUrl, StackEnvironment.DEFAULT_STRIPE_SECRET, StackEnvironment.DEFAULT_SHOP_TOKEN,
                32, 2_000, 20, record);
        var result = new Simulator(settings, System.out::println).run(Stories.plan(seed, orders, mix, runId), mix, seed);
        assertEquals(0, result.unexpected(), "every request answered as a processor expects");
        Report report = new Verifier(SharedKafka.bootstrapServers(), TallyInvariants.paymentPath(orderStream.url(), StackEnvironment.DEFAULT_OPERATOR_TOKEN), System.out::println)
                .verify(SimulationRecord.read(record), Duration.ofMinutes(2));
        report.print(System.out);
        return report;
    }

    @Test
    void seededRunWithRepeatsAndDisorderKeepsEveryInvariant() throws Exception {
        OrderStreamApp orderStream = TestStack.startOrderStream(FreePort.pick(), temp.resolve("state"));
        try {
            Report report = simulateAndVerify(orderStream, 1_000, Mix.defaults(), 7, "verified");

            for (Check check : report.checks()) {
                assertEquals(0, check.violations(), check.invariant() + ": " + check.offenders());
                assertTrue(check.checked() > 0, check.invariant() + " was exercised");
            }
            assertTrue(report.holds());
        } finally {
            orderStream.close();
        }
    }

    @Test
    void buildWithoutDedupeFailsTheVerifierNamingWhatItBroke() throws Exception {
        var env = new HashMap<>(ForgetfulOrderStream.ENVIRONMENT);
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());
        env.put(KafkaConfig.PARTITIONS, "3");
        env.put(KafkaConfig.STATE_DIR, temp.resolve("state").toString());
        env.put(OrderConfig.PORT, String.valueOf(FreePort.pick()));
        env.put(Access.OPERATOR_TOKENS, StackEnvironment.DEFAULT_OPERATOR_TOKEN);
        var broken = new OrderStreamApp(OrderConfig.fromEnv(env));
        broken.start();
        try {
            Eventually.await(Duration.ofSeconds(60), "broken order-stream ready",
                    () -> Shop.get(broken.url() + "/ready"), answer -> answer.statusCode() == 200);
            Mix repeats = new Mix(0.5, 0.1, 0.0, 0.1, 0.1, 0.05, 0.05, 0.05, 0.0, 0.0);

            Report report = simulateAndVerify(broken, 300, repeats, 11, "broken");

            assertFalse(report.holds());
            assertTrue(report.check(OrderStreamInvariants.PAID_ONCE_PER_CHARGE).violations() > 0, "a repeated charge is recorded twice");
            assertTrue(report.check(OrderStreamInvariants.ONE_REFUND_PER_EXTRA).violations() > 0, "a repeat is refunded as an extra charge");
            assertEquals(0, report.check(IngestInvariants.ACKED_APPENDED).violations(), "ingest is not what broke");
        } finally {
            broken.close();
        }
    }
}
