package com.tally.proof.verify;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.proof.sim.SimulationRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * Checks that a simulated run kept Tally's promises: once the log is quiet (no transaction open,
 * every stream app caught up), each service's {@link Invariants} judge the run from what the
 * simulator recorded, the topics read with read_committed and the services' queries.
 */
public final class Verifier {

    private final KafkaConfig kafka;
    private final List<Invariants> invariants;
    private final Consumer<String> progress;

    /** @param kafka the cluster as the services reach it: its client settings (TLS, SASL ...) are the verifier's too */
    public Verifier(KafkaConfig kafka, List<Invariants> invariants, Consumer<String> progress) {
        this.kafka = kafka;
        this.invariants = List.copyOf(invariants);
        this.progress = progress;
    }

    /** On a broker that needs no client settings (the embedded one). */
    public Verifier(String bootstrapServers, List<Invariants> invariants, Consumer<String> progress) {
        this(KafkaConfig.fromEnv(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, bootstrapServers)), invariants, progress);
    }

    public Report verify(SimulationRecord.Run run, Duration settleTimeout) throws Exception {
        try (Admin admin = Admin.create(KafkaDefaults.admin(kafka))) {
            var log = new QuietLog(admin, progress);
            awaitQuiet(log, invariants, settleTimeout);
            for (Invariants set : invariants) {
                set.awaitSettled(settleTimeout, progress);
            }
            // what settled outside came back in through ingest: the stream apps catch up with it too
            awaitQuiet(log, invariants, settleTimeout);
        }
        var evidence = new Evidence(kafka, run, progress);
        var checks = new ArrayList<Check>();
        for (Invariants set : invariants) {
            checks.addAll(set.check(evidence));
        }
        return new Report(List.copyOf(checks));
    }

    /** Waits until no transaction is open on any topic the invariants read and every stream app they name has caught up. */
    public static void awaitQuiet(QuietLog log, List<Invariants> invariants, Duration timeout) throws Exception {
        var topics = new LinkedHashSet<String>();
        var groups = new HashMap<String, List<String>>();
        for (Invariants set : invariants) {
            topics.addAll(set.topicsRead());
            groups.putAll(set.groupInputs());
        }
        log.await(topics, groups, timeout);
    }
}
