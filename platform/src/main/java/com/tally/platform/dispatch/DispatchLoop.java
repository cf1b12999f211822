package com.tally.platform.dispatch;

import com.tally.platform.Readiness;
import com.tally.platform.dispatch.DispatchMetrics.Recovery;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transactional consume-call-produce loop: read a batch of requests (read_committed), call the
 * outside system for each (in parallel, up to {@link DispatchSettings#maxInFlight()}), then append
 * every outcome and commit the batch's offsets in one Kafka transaction. A call cannot join the
 * transaction, so the receiver must recognise a repeated call by a key derived from the request: the
 * loop promises that no request is skipped and that its outcomes are committed once, not that a
 * call is made once.
 *
 * <p><b>Nothing is skipped.</b> Offsets are committed only inside the transaction that appends the
 * batch's outcomes. The transaction begins after the last call of the batch has completed, so a
 * crash before it commits, an abort, or a close whose calls do not end in time leaves the offsets
 * where they were: the next owner of the partitions reads the batch again and repeats its calls. A
 * close starts no further call and commits the calls that end in time with their records' offsets
 * only, so a graceful stop repeats nothing that was done. After a failure
 * the loop either aborts the transaction and seeks the consumer back to the batch's first records
 * (the last committed offsets: every batch before this one committed, or the loop would not have
 * read past it), or, when the producer cannot abort (fenced, or in a fatal state) or the failure
 * came from the consumer, closes both clients and makes new ones, which start from the committed
 * offsets. Both back off, doubling, while failures repeat.
 *
 * <p><b>Rebalances.</b> One thread polls, calls and commits, and it does not poll again until
 * the batch is committed or given up. Partitions are only revoked inside {@code poll}, so while
 * a batch is in flight its partitions stay this member's as far as this member knows. The group
 * may still move on without it: if the batch outlasts {@code max.poll.interval.ms} (or the session
 * times out) the coordinator gives the partitions to another member, which repeats the calls.
 * That zombie cannot commit: its offsets go to the transaction with
 * {@code consumer.groupMetadata()} (KIP-447), and the group coordinator refuses offsets from a
 * stale generation, which aborts the transaction with its outcomes. So revoked partitions' work
 * is committed by their owner or not at all, and the revocation callbacks have nothing to do:
 * when they run, no batch is in flight. The poll interval is sized so that a whole batch of calls
 * that all run to the deadline still fits ({@link DispatchSettings#consumerProperties}).
 *
 * <p><b>Fencing and the transactional ID.</b> With KIP-447 the group generation fences zombies,
 * so the transactional ID need not follow the partitions. It is {@code <group>-<instance ID>} when
 * the instance has a stable ID: a restarted instance then aborts the transaction its predecessor
 * left open at once ({@code initTransactions}) instead of leaving read_committed readers of the
 * outcome topics waiting for the transaction timeout, and it is the consumer's static member ID
 * too. Without an instance ID it is {@code <group>-<random UUID>}, chosen once per loop, so two
 * instances never fence each other; a crashed instance's open transaction then ends at the
 * transaction timeout ({@link com.tally.platform.KafkaDefaults#transactionalProducer}). A producer
 * that is fenced (another producer took its ID, or its transaction timed out) is replaced and the
 * batch repeated. A consumer whose static member ID is taken ({@link FencedInstanceIdException})
 * stops the loop: another process runs with the same instance ID, and the newer one keeps it.
 *
 * <p><b>Records it cannot handle.</b> A value that cannot be decoded, and a handler that fails
 * with an exception instead of an outcome, send the input to {@code <group>.dlq} in the same
 * transaction, with the error in Kafka Streams' dead-letter headers ({@link DeadLetters}); the
 * loop goes on with the next record. Errors that no retry can fix (authentication, authorization,
 * configuration, a taken instance ID) stop the loop: {@link #readiness()} says why.
 */
public final class DispatchLoop<V> implements AutoCloseable {

    /** Where the loop is: only {@code RUNNING} is ready. */
    public enum State {
        STARTING, RUNNING, RECOVERING, FAILED, STOPPED
    }

    private record Status(State state, String detail) {
    }

    /**
     * One handler call and its slot. The slot goes back when the call completes, or when its batch
     * is given up at the call deadline, whichever comes first: a call that never completes must
     * not keep its slot for ever, or the loop would end up with none.
     */
    private record Call(ConsumerRecord<byte[], byte[]> input, CompletableFuture<List<Outcome>> result, Runnable releaseSlot) {
    }

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** At most this long a close lets the calls under way end, so that their outcomes are committed; less than the stop timeout. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final DispatchSettings settings;
    private final Function<byte[], V> decoder;
    private final RecordHandler<V> handler;
    private final DispatchListener listener;
    private final DispatchMetrics metrics;
    private final String transactionalId;
    private final Semaphore callSlots;
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private final Thread thread;
    private volatile Status status;

    // the loop thread's alone, except consumer.wakeup() from close()
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private boolean inTransaction;
    /** The offset committed for each partition this loop reads, as far as it knows: its own commits, or the group's at assignment. */
    private final Map<TopicPartition, Long> committedUpTo = new HashMap<>();
    private int failuresInARow;

    /**
     * @param decoder turns a record's value into a request; a value it throws on (or decodes to null)
     *                goes to the dead-letter topic
     */
    public DispatchLoop(DispatchSettings settings, Function<byte[], V> decoder, RecordHandler<V> handler, MeterRegistry registry) {
        this(settings, decoder, handler, DispatchListener.NONE, registry);
    }

    /** @param listener told of the partitions the loop reads and of the inputs it committed */
    public DispatchLoop(DispatchSettings settings, Function<byte[], V> decoder, RecordHandler<V> handler, DispatchListener listener,
                        MeterRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.transactionalId = settings.groupId() + "-" + (settings.instanceId().isEmpty() ? UUID.randomUUID() : settings.instanceId());
        this.callSlots = new Semaphore(settings.maxInFlight());
        this.metrics = new DispatchMetrics(registry, settings.groupId(), () -> state() == State.RUNNING);
        this.thread = new Thread(this::run, settings.groupId() + "-loop");
        this.status = new Status(State.STARTING, settings.groupId() + " has not started");
    }

    public synchronized void start() {
        if (thread.getState() == Thread.State.NEW && !stopRequested.isDone()) {
            status = new Status(State.STARTING, settings.groupId() + " is connecting to Kafka");
            thread.start();
        }
    }

    public State state() {
        return status.state();
    }

    /** Ready while the loop reads and commits; otherwise why not. */
    public Readiness readiness() {
        return () -> {
            Status now = status;
            return now.state() == State.RUNNING ? Readiness.Status.ready(now.detail()) : Readiness.Status.notReady(now.detail());
        };
    }

    /** The transactional ID this loop's producers use; see the class comment for how it is chosen. */
    public String transactionalId() {
        return transactionalId;
    }

    /**
     * Stops the loop. No further call starts; the calls under way get a few seconds to end and are then
     * committed with their records' offsets, or, when they do not end, given up: their batch is not
     * committed, and whoever reads the partitions next repeats them. A transaction being committed is
     * finished first. Idempotent.
     */
    @Override
    public void close() {
        stopRequested.complete(null);
        KafkaConsumer<byte[], byte[]> polling = consumer;
        if (polling != null) {
            polling.wakeup();
        }
        if (thread.getState() != Thread.State.NEW && Thread.currentThread() != thread) {
            try {
                thread.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("{} did not stop within {}: its clients close when its thread ends", settings.groupId(), STOP_TIMEOUT);
            }
        }
        if (status.state() != State.FAILED) {
            status = new Status(State.STOPPED, settings.groupId() + " is stopped");
        }
    }

    private void run() {
        try {
            while (!stopRequested.isDone()) {
                ConsumerRecords<byte[], byte[]> batch = null;
                try {
                    if (consumer == null) {
                        open();
                        running();
                    }
                    batch = consumer.poll(POLL_TIMEOUT);
                    if (batch.isEmpty()) {
                        commitSkippedRecords();
                    } else if (dispatch(batch)) {
                        failuresInARow = 0;
                    }
                    if (status.state() != State.RUNNING && !stopRequested.isDone()) {
                        running();
                    }
                } catch (WakeupException e) {
                    // close() woke the poll: the loop condition ends the loop
                } catch (RuntimeException e) {
                    if (stopRequested.isDone()) {
                        break;
                    }
                    if (cannotBeRetried(e)) {
                        stop(e);
                        return;
                    }
                    recover(e, batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            stop(e);
        } finally {
            closeClients();
        }
    }

    private void open() {
        producer = new KafkaProducer<>(settings.producerProperties(transactionalId + "-producer", transactionalId));
        // fences an older producer with this ID and aborts the transaction it left open
        producer.initTransactions();
        var opened = new KafkaConsumer<byte[], byte[]>(settings.consumerProperties(transactionalId + "-consumer"));
        opened.subscribe(List.of(settings.inputTopic()), new ConsumerRebalanceListener() {
            // nothing to finish or abandon here: the callbacks run inside poll(), when no batch is in flight
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                log.debug("{} gives up {}", settings.groupId(), partitions);
                partitions.forEach(committedUpTo::remove);
                listener.revoked(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                log.debug("{} reads {}", settings.groupId(), partitions);
                opened.committed(Set.copyOf(partitions)).forEach((partition, offset) ->
                        committedUpTo.put(partition, offset == null ? -1L : offset.offset()));
                listener.assigned(partitions);
            }
        });
        consumer = opened;
        inTransaction = false;
        committedUpTo.clear();
    }

    /**
     * After a poll that returned nothing: commits the positions that moved past records the consumer
     * skips without returning them, an aborted transaction's records and its marker. A batch's commit
     * covers the markers it read; nothing else would cover these, and a group whose input ends in an
     * aborted transaction would look behind for ever to whoever measures its lag.
     */
    private void commitSkippedRecords() {
        var moved = new HashMap<TopicPartition, OffsetAndMetadata>();
        for (TopicPartition partition : consumer.assignment()) {
            Long committed = committedUpTo.get(partition);
            if (committed == null) {
                continue;
            }
            long position;
            try {
                position = consumer.position(partition, Duration.ZERO);
            } catch (org.apache.kafka.common.errors.TimeoutException notKnownYet) {
                continue;
            }
            if (position > committed) {
                moved.put(partition, new OffsetAndMetadata(position));
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        producer.beginTransaction();
        inTransaction = true;
        producer.sendOffsetsToTransaction(moved, consumer.groupMetadata());
        producer.commitTransaction();
        inTransaction = false;
        moved.forEach((partition, offset) -> committedUpTo.put(partition, offset.offset()));
    }

    private void running() {
        status = new Status(State.RUNNING, settings.groupId() + " reads " + settings.inputTopic() + " with transactional ID " + transactionalId);
    }

    /**
     * Calls the handler for every record of the batch, then commits all outcomes and the offsets together.
     * A close asked for meanwhile starts no further call, and gives the calls already started up to
     * {@link #drainTimeout} to end: their outcomes are committed with the offsets of their records
     * only, and the rest of the batch is left to whoever reads it next. Calls that do not end by then
     * are given up with the whole batch. Returns false when the batch was given up.
     */
    private boolean dispatch(ConsumerRecords<byte[], byte[]> batch) throws InterruptedException {
        var calls = new ArrayList<Call>(batch.count());
        try {
            for (ConsumerRecord<byte[], byte[]> input : batch) {
                if (stopRequested.isDone() || !awaitCallSlot()) {
                    break;   // stopping: no new call; those started are finished and committed below
                }
                calls.add(call(input));
            }
            if (calls.isEmpty()) {
                return false;
            }
            var all = CompletableFuture.allOf(calls.stream().map(Call::result).toArray(CompletableFuture[]::new));
            try {
                // the last call started just now; the earlier ones had their turn while waiting for a slot
                CompletableFuture.anyOf(all, stopRequested).get(settings.callDeadline().toMillis(), TimeUnit.MILLISECONDS);
                if (!all.isDone()) {
                    // a close: an e-mail, a shipment or a refund under way is better recorded than made again
                    all.get(drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (TimeoutException e) {
                if (stopRequested.isDone()) {
                    // a call still runs (a retry the stop cut short, say): what ended before it in its partition is
                    // committed, the rest is read again by whoever owns the partitions next
                    List<Call> ended = endedInOrder(calls);
                    if (!ended.isEmpty()) {
                        commit(batch, ended);
                    }
                    return false;
                }
                throw new CallDeadlineExceeded(calls.stream().filter(call -> !call.result().isDone()).count(), settings.callDeadline());
            } catch (ExecutionException e) {
                // a call's failure is read from its own future below
            }
        } catch (CallDeadlineExceeded e) {
            calls.forEach(call -> call.releaseSlot().run());
            throw e;
        }
        commit(batch, calls);
        return !stopRequested.isDone();
    }

    /** How long a close waits for the calls under way: no longer than one call may take, and well within the stop timeout. */
    private Duration drainTimeout() {
        return settings.callDeadline().compareTo(DRAIN_TIMEOUT) < 0 ? settings.callDeadline() : DRAIN_TIMEOUT;
    }

    /** Waits for a free call slot, at most the call deadline (all slots held that long: calls are stuck). */
    private boolean awaitCallSlot() throws InterruptedException {
        long deadline = System.nanoTime() + settings.callDeadline().toNanos();
        while (!callSlots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (stopRequested.isDone()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new CallDeadlineExceeded(settings.maxInFlight(), settings.callDeadline());
            }
        }
        return true;
    }

    private Call call(ConsumerRecord<byte[], byte[]> input) {
        var released = new AtomicBoolean();
        Runnable releaseSlot = () -> {
            if (released.compareAndSet(false, true)) {
                callSlots.release();
            }
        };
        V value;
        try {
            value = decoder.apply(input.value());
            if (value == null) {
                throw new SerializationException("the record has no value (a tombstone): a request needs one");
            }
        } catch (RuntimeException e) {
            releaseSlot.run();
            return new Call(input, CompletableFuture.failedFuture(e), releaseSlot);
        }
        long started = System.nanoTime();
        CompletableFuture<List<Outcome>> result;
        try {
            String key = input.key() == null ? null : new String(input.key(), StandardCharsets.UTF_8);
            result = Objects.requireNonNull(handler.handle(key, value), "the handler returned no future").toCompletableFuture();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return new Call(input, result.whenComplete((outcomes, error) -> {
            releaseSlot.run();
            metrics.called(Duration.ofNanos(System.nanoTime() - started));
        }), releaseSlot);
    }

    private void commit(ConsumerRecords<byte[], byte[]> batch, List<Call> calls) {
        var kinds = new TreeMap<String, Integer>();
        producer.beginTransaction();
        inTransaction = true;
        for (Call call : calls) {
            List<Outcome> outcomes;
            try {
                // a copy refuses a missing list or a missing outcome: the handler's bug, this input's dead letter
                outcomes = List.copyOf(call.result().join());
            } catch (CompletionException | CancellationException | NullPointerException e) {
                Throwable error = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                ConsumerRecord<byte[], byte[]> input = call.input();
                log.warn("{}: the record at {}-{} offset {} goes to {}: {}", settings.groupId(), input.topic(), input.partition(),
                        input.offset(), settings.deadLetterTopic(), error.toString());
                producer.send(DeadLetters.of(settings.deadLetterTopic(), input, error));
                kinds.merge(DeadLetters.KIND, 1, Integer::sum);
                continue;
            }
            for (Outcome outcome : outcomes) {
                byte[] key = outcome.key() == null ? null : outcome.key().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(outcome.topic(), key, outcome.value()));
                kinds.merge(outcome.kind(), 1, Integer::sum);
            }
        }
        // checked by the group coordinator against the current generation: a member that lost the
        // partitions in a rebalance it missed cannot commit them
        Map<TopicPartition, OffsetAndMetadata> offsets = calls.size() == batch.count() ? batch.nextOffsets() : nextOffsets(calls);
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        inTransaction = false;
        offsets.forEach((partition, offset) -> committedUpTo.put(partition, offset.offset()));
        try {
            metrics.committed(calls.size(), kinds);
            listener.committed(calls.stream().map(Call::input).toList());
        } catch (RuntimeException e) {
            // the batch is committed: a failure now must not make the loop read it again
            log.warn("{}: after committing a batch: {}", settings.groupId(), e.toString());
        }
    }

    /** Per partition, the calls that ended before the first that did not: what can be committed without skipping a record. */
    private static List<Call> endedInOrder(List<Call> calls) {
        var stopped = new HashSet<TopicPartition>();
        var ended = new ArrayList<Call>();
        for (Call call : calls) {
            var partition = new TopicPartition(call.input().topic(), call.input().partition());
            if (stopped.contains(partition)) {
                continue;
            }
            if (call.result().isDone()) {
                ended.add(call);
            } else {
                stopped.add(partition);
            }
        }
        return ended;
    }

    /** The offsets after the records of {@code calls}: the part of a batch a close let start. */
    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<Call> calls) {
        var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        for (Call call : calls) {
            ConsumerRecord<byte[], byte[]> input = call.input();
            offsets.merge(new TopicPartition(input.topic(), input.partition()),
                    new OffsetAndMetadata(input.offset() + 1, input.leaderEpoch(), ""),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /** After a failed batch: abort and read the batch again, or make the clients anew; then wait a little longer each time. */
    private void recover(RuntimeException failure, ConsumerRecords<byte[], byte[]> batch) throws InterruptedException {
        failuresInARow++;
        boolean rewound = batch != null && producer != null && aborted() && rewound(batch);
        if (!rewound) {
            closeClients();
        }
        metrics.failed(rewound ? Recovery.REWOUND : Recovery.REBUILT);
        Duration wait = backoff(failuresInARow);
        String detail = settings.groupId() + " recovers from " + failure + (rewound
                ? ": the transaction was aborted and the batch will be read again"
                : ": its Kafka clients are made anew and read on from the committed offsets") + ", in " + wait.toMillis() + " ms ("
                + failuresInARow + " failure(s) in a row)";
        status = new Status(State.RECOVERING, detail);
        log.warn(detail);
        try {
            stopRequested.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // waited long enough
        }
    }

    private boolean aborted() {
        if (!inTransaction) {
            return true;
        }
        try {
            producer.abortTransaction();
            inTransaction = false;
            return true;
        } catch (RuntimeException e) {
            log.debug("{}: the producer cannot abort ({}), it is replaced", settings.groupId(), e.toString());
            return false;
        }
    }

    /** Seeks back to the batch's first records: where the committed offsets are, since every earlier batch committed. */
    private boolean rewound(ConsumerRecords<byte[], byte[]> batch) {
        try {
            Set<TopicPartition> owned = consumer.assignment();
            for (TopicPartition partition : batch.partitions()) {
                if (owned.contains(partition)) {
                    consumer.seek(partition, batch.records(partition).get(0).offset());
                }
            }
            return true;
        } catch (RuntimeException e) {
            log.debug("{}: cannot seek back ({}), the consumer is replaced", settings.groupId(), e.toString());
            return false;
        }
    }

    static Duration backoff(int failuresInARow) {
        int doublings = Math.min(Math.max(failuresInARow - 1, 0), 16);
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /** Errors a new client would meet again: a person has to change something first. */
    static boolean cannotBeRetried(Throwable failure) {
        return causedBy(failure, AuthenticationException.class) || causedBy(failure, AuthorizationException.class)
                || causedBy(failure, ConfigException.class) || causedBy(failure, UnsupportedVersionException.class)
                || causedBy(failure, FencedInstanceIdException.class);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private void stop(Throwable failure) {
        metrics.failed(Recovery.STOPPED);
        String remedy = causedBy(failure, FencedInstanceIdException.class)
                ? "another process runs with the same instance ID (" + settings.instanceId() + "): give each instance its own"
                : "fix the cause (credentials, ACLs, client settings) and restart";
        status = new Status(State.FAILED, settings.groupId() + " stopped on " + failure + ": " + remedy
                + "; nothing uncommitted is lost, the next start reads on from the committed offsets");
        log.error(status.detail(), failure);
    }

    private void closeClients() {
        KafkaProducer<byte[], byte[]> oldProducer = producer;
        KafkaConsumer<byte[], byte[]> oldConsumer = consumer;
        producer = null;
        consumer = null;
        inTransaction = false;
        if (oldProducer != null) {
            try {
                // an open transaction is aborted by the next producer with this ID, or at its timeout
                oldProducer.close(CLIENT_CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                log.debug("{}: closing the producer failed: {}", settings.groupId(), e.toString());
            }
        }
        if (oldConsumer != null) {
            closeConsumer(oldConsumer);
        }
    }

    private void closeConsumer(KafkaConsumer<byte[], byte[]> old) {
        try {
            // its partitions are given up whether or not the close calls the rebalance listener
            listener.revoked(Set.copyOf(old.assignment()));
        } catch (RuntimeException e) {
            log.debug("{}: telling of the partitions given up failed: {}", settings.groupId(), e.toString());
        }
        for (int tries = 0; tries < 2; tries++) {
            try {
                // a dynamic member leaves the group so that another takes its partitions at once; a static one stays, for its restart
                old.close(CloseOptions.timeout(CLIENT_CLOSE_TIMEOUT));
                return;
            } catch (WakeupException e) {
                // close() woke a consumer that was not polling: the wake-up is used up, close again
            } catch (RuntimeException e) {
                log.debug("{}: closing the consumer failed: {}", settings.groupId(), e.toString());
                return;
            }
        }
    }

    /** Calls that did not complete within the deadline: the handler broke its promise to time out first. */
    static final class CallDeadlineExceeded extends IllegalStateException {
        CallDeadlineExceeded(long stuck, Duration deadline) {
            super(stuck + " call(s) did not complete within " + deadline + ": the handler must time its calls out sooner;"
                    + " the batch is read again");
        }
    }
}
