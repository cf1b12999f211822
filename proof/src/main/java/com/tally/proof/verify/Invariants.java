package com.tally.proof.verify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The invariants one service adds to the verifier: what must be true after a simulated run, and
 * what the verifier must wait for before it looks. Each service contributes its own set
 * ({@link TallyInvariants} lists them), so a new service adds one without editing the others'.
 */
public interface Invariants {

    /** The topics these invariants read: the verifier waits until no transaction is open on any of them. */
    List<String> topicsRead();

    /** Consumer groups (stream apps) with the input topics they must have consumed before the invariants are checked. */
    Map<String, List<String>> groupInputs();

    /**
     * Waits for what these invariants judge that settles outside Kafka, once the log is quiet: a
     * simulator's webhooks still on their way back to ingest. Nothing by default.
     */
    default void awaitSettled(Duration timeout, Consumer<String> progress) throws Exception {
    }

    /** One check per invariant, each counting the cases it looked at and naming those that broke it. */
    List<Check> check(Evidence evidence) throws Exception;
}
