package com.tally.proof.verify;

import com.tally.platform.KafkaConfig;
import com.tally.platform.testing.CommittedLog;
import com.tally.proof.sim.SimulationRecord;
import com.tally.schemas.AvroSerde;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the invariants judge a run by: what the simulator recorded ({@link RunFacts}) and the
 * topics as committed once the log settled, each topic read once however many invariants read it.
 */
public final class Evidence {

    private final KafkaConfig kafka;
    private final RunFacts facts;
    private final Consumer<String> progress;
    private final Map<String, List<? extends SpecificRecord>> topics = new HashMap<>();

    Evidence(KafkaConfig kafka, SimulationRecord.Run run, Consumer<String> progress) {
        this.kafka = kafka;
        this.facts = new RunFacts(run);
        this.progress = progress;
    }

    public RunFacts facts() {
        return facts;
    }

    /** Every committed record of {@code topic}, decoded (read_committed, up to each partition's last stable offset). */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> List<T> read(String topic, Class<T> type) {
        return (List<T>) topics.computeIfAbsent(topic, t -> {
            progress.accept("reading " + t + " with read_committed");
            var serde = AvroSerde.of(type);
            return CommittedLog.of(kafka, t).stream().map(r -> serde.decode(r.value())).toList();
        });
    }

    public void progress(String line) {
        progress.accept(line);
    }
}
