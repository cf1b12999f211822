package com.tally.platform.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loop on the shared broker, each test with a group and topics of its own. Its handler "calls"
 * nothing but counts how often it was asked about each value, so a test sees repeats as well as the
 * committed outcomes.
 */
class DispatchLoopIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private String group;
    private String input;
    private String output;
    private KafkaConfig kafka;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<DispatchLoop<String>> loops = new ArrayList<>();

    @BeforeEach
    void topics() throws Exception {
        group = "loop-it-" + UUID.randomUUID();
        input = group + ".in";
        output = group + ".out";
        kafka = kafka(Map.of());
        try (var admin = Admin.create(KafkaDefaults.admin(kafka))) {
            admin.createTopics(List.of(new NewTopic(input, 2, (short) 1), new NewTopic(output, 2, (short) 1),
                    new NewTopic(Topics.deadLetters(group), 1, (short) 1))).all().get();
        }
    }

    @AfterEach
    void stopLoops() {
        loops.forEach(DispatchLoop::close);
    }

    private static KafkaConfig kafka(Map<String, String> clientSettings) {
        return new KafkaConfig(SharedKafka.bootstrapServers(), 1, 1, 2, Path.of("unused"), 0, Duration.ofMillis(100),
                KafkaConfig.EXACTLY_ONCE, 1, clientSettings);
    }

    /** Values starting with "garbage" cannot be decoded, as bytes that are not Avro. */
    private static String decode(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        if (text.startsWith("garbage")) {
            throw new SerializationException("cannot decode " + value.length + " bytes");
        }
        return text;
    }

    private DispatchLoop<String> start(RecordHandler<String> handler, MeterRegistry registry) {
        return start(kafka, "", 3, handler, registry);
    }

    private DispatchLoop<String> start(KafkaConfig kafka, String instanceId, int maxInFlight, RecordHandler<String> handler,
                                       MeterRegistry registry) {
        return start(kafka, instanceId, maxInFlight, Duration.ofSeconds(20), handler, registry);
    }

    private DispatchLoop<String> start(KafkaConfig kafka, String instanceId, int maxInFlight, Duration callDeadline,
                                       RecordHandler<String> handler, MeterRegistry registry) {
        var settings = new DispatchSettings(kafka, group, input, instanceId, maxInFlight, callDeadline);
        RecordHandler<String> counted = (key, value) -> {
            calls.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
            return handler.handle(key, value);
        };
        var loop = new DispatchLoop<>(settings, DispatchLoopIT::decode, counted, registry);
        loops.add(loop);
        loop.start();
        return loop;
    }

    /** Answers each value with its upper-case form, a moment later, as a call would. */
    private RecordHandler<String> upperCase() {
        return (key, value) -> CompletableFuture.supplyAsync(() -> List.of(outcome(key, value.toUpperCase())),
                CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    }

    private Outcome outcome(String key, String value) {
        return new Outcome(output, key, value.getBytes(StandardCharsets.UTF_8), "done");
    }

    private void send(String key, String... values) throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(KafkaDefaults.producer(kafka, "loop-it"))) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(input, key, value.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private List<String> committed(String topic) {
        return CommittedLog.of(kafka, topic).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private List<String> awaitCommitted(String topic, int count) throws Exception {
        return Eventually.await(WAIT, count + " record(s) committed on " + topic, () -> committed(topic), r -> r.size() >= count);
    }

    private int callsOf(String value) {
        AtomicInteger count = calls.get(value);
        return count == null ? 0 : count.get();
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private Map<TopicPartition, OffsetAndMetadata> groupOffsets() throws Exception {
        try (var admin = Admin.create(KafkaDefaults.admin(kafka))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    @Test
    void everyRecordGetsItsOutcomeCommittedOnceWithItsOffsetWhileCallsOverlapUpToTheLimit() throws Exception {
        var inFlight = new AtomicInteger();
        var mostInFlight = new AtomicInteger();
        RecordHandler<String> measured = (key, value) -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> {
                inFlight.decrementAndGet();
                return List.of(outcome(key, value.toUpperCase()));
            }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        };
        for (int i = 0; i < 20; i++) {
            send("k" + (i % 4), "v" + i);
        }
        var registry = new SimpleMeterRegistry();

        var loop = start(measured, registry);

        var outcomes = awaitCommitted(output, 20);
        assertEquals(20, outcomes.size());
        for (int i = 0; i < 20; i++) {
            assertTrue(outcomes.contains("V" + i), "V" + i + " in " + outcomes);
        }
        assertEquals(3, mostInFlight.get(), "calls overlap, up to the 3 allowed");
        long offsetsCommitted = groupOffsets().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        assertEquals(20, offsetsCommitted, "every input's offset is committed with its outcome");
        assertEquals(20, count(registry, "tally.dispatch.records", "group", group));
        assertEquals(20, count(registry, "tally.dispatch.outcomes", "group", group, "kind", "done"));
        assertEquals(20, registry.find("tally.dispatch.calls").tags("group", group).timer().count());
        assertEquals(1, registry.find("tally.dispatch.running").tags("group", group).gauge().value());
        assertTrue(loop.readiness().check().ready(), loop.readiness().check().detail());
    }

    @Test
    void aCallThatNeverCompletesGivesItsSlotBackAtTheDeadlineSoTheBatchIsCalledAgain() throws Exception {
        var first = new AtomicBoolean(true);
        // the first call hangs for ever, as a handler without a timeout of its own would; the repeat answers
        RecordHandler<String> hangsOnce = (key, value) -> first.getAndSet(false)
                ? new CompletableFuture<>()
                : CompletableFuture.completedFuture(List.of(outcome(key, value.toUpperCase())));
        send("k", "v0");

        start(kafka, "", 1, Duration.ofSeconds(1), hangsOnce, new SimpleMeterRegistry());

        assertEquals(List.of("V0"), awaitCommitted(output, 1));
        assertEquals(2, callsOf("v0"), "called again after the deadline, in the one slot the hung call held");
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicAsItCameWithTheErrorAndTheLoopGoesOn() throws Exception {
        var registry = new SimpleMeterRegistry();
        start(upperCase(), registry);

        send("k", "before", "garbage-bytes", "after");

        assertEquals(List.of("BEFORE", "AFTER"), awaitCommitted(output, 2));
        List<ConsumerRecord<String, byte[]>> dead = CommittedLog.of(kafka, Topics.deadLetters(group));
        assertEquals(1, dead.size());
        var letter = dead.get(0);
        assertEquals("k", letter.key());
        assertArrayEquals("garbage-bytes".getBytes(StandardCharsets.UTF_8), letter.value());
        assertEquals(SerializationException.class.getName(), header(letter, DeadLetters.EXCEPTION));
        assertEquals("cannot decode 13 bytes", header(letter, DeadLetters.MESSAGE));
        assertEquals(input, header(letter, DeadLetters.TOPIC));
        assertEquals("1", header(letter, DeadLetters.OFFSET), "the second record of its partition");
        assertEquals(0, callsOf("garbage-bytes"), "nothing is called for a record that cannot be read");
        assertEquals(1, count(registry, "tally.dispatch.outcomes", "group", group, "kind", DeadLetters.KIND));
        assertEquals(3, count(registry, "tally.dispatch.records", "group", group));
    }

    @Test
    void aHandlerThatFailsInsteadOfAnsweringSendsItsInputToDeadLettersAndTheOthersGoOn() throws Exception {
        RecordHandler<String> failing = (key, value) -> value.equals("boom")
                ? CompletableFuture.failedFuture(new IllegalStateException("the handler broke on boom"))
                : upperCase().handle(key, value);
        start(failing, new SimpleMeterRegistry());

        send("k", "one", "boom", "two");

        assertEquals(List.of("ONE", "TWO"), awaitCommitted(output, 2));
        var dead = awaitCommitted(Topics.deadLetters(group), 1);
        assertEquals(List.of("boom"), dead);
        var letter = CommittedLog.of(kafka, Topics.deadLetters(group)).get(0);
        assertEquals("the handler broke on boom", header(letter, DeadLetters.MESSAGE));
        assertTrue(header(letter, DeadLetters.STACKTRACE).contains("IllegalStateException"));
    }

    @Test
    void aTransactionThatCannotCommitIsAbortedAndItsBatchCalledAgainSoEachOutcomeIsCommittedOnce() throws Exception {
        var firstTime = new AtomicInteger();
        // larger than the producer's max.request.size the first time: the append fails inside the transaction
        RecordHandler<String> tooLargeOnce = (key, value) -> value.equals("large") && firstTime.getAndIncrement() == 0
                ? CompletableFuture.completedFuture(List.of(new Outcome(output, key, new byte[2 * 1024 * 1024], "done")))
                : upperCase().handle(key, value);
        var registry = new SimpleMeterRegistry();
        send("k", "small", "large");

        var loop = start(tooLargeOnce, registry);

        assertEquals(List.of("SMALL", "LARGE"), awaitCommitted(output, 2));
        assertEquals(2, callsOf("large"), "called again after the abort");
        assertEquals(2, callsOf("small"), "its whole batch was read again");
        assertEquals(1, count(registry, "tally.dispatch.failures", "group", group, "recovery", "rewound"));
        assertEquals(2, count(registry, "tally.dispatch.records", "group", group), "counted once, when committed");
        Eventually.await(WAIT, "ready", () -> loop.readiness().check(), status -> status.ready());
        Thread.sleep(500);
        assertEquals(List.of("SMALL", "LARGE"), committed(output), "and nothing more");
    }

    @Test
    void aFencedProducerIsReplacedAndItsBatchRepeatedNotLost() throws Exception {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        RecordHandler<String> held = (key, value) -> value.equals("held") && entered.getCount() > 0
                ? CompletableFuture.supplyAsync(() -> {
                    entered.countDown();
                    await(release);
                    return List.of(outcome(key, "HELD"));
                })
                : upperCase().handle(key, value);
        var registry = new SimpleMeterRegistry();
        var loop = start(kafka, "a", 3, held, registry);
        send("k", "held");
        assertTrue(entered.await(30, TimeUnit.SECONDS));

        // a second process claiming the same transactional ID, as a restarted instance would
        var props = KafkaDefaults.transactionalProducer(kafka, "loop-it-fencer", loop.transactionalId());
        try (var fencer = new KafkaProducer<byte[], byte[]>(props)) {
            fencer.initTransactions();
        }
        release.countDown();

        assertEquals(List.of("HELD"), awaitCommitted(output, 1));
        assertEquals(2, callsOf("held"), "the fenced batch was called again by the new producer's loop");
        assertEquals(1, count(registry, "tally.dispatch.failures", "group", group, "recovery", "rebuilt"));
        Eventually.await(WAIT, "ready", () -> loop.readiness().check(), status -> status.ready());
        Thread.sleep(500);
        assertEquals(List.of("HELD"), committed(output), "and nothing more");
    }

    @Test
    void closingWhileACallRunsLetsItEndAndCommitsItsOutcomeWithItsOffsetOnlyStartingNoOtherCall() throws Exception {
        var entered = new CountDownLatch(1);
        var finish = new CompletableFuture<List<Outcome>>();
        // one call at a time: the second record waits for a slot when the close comes
        var first = start(kafka, "", 1, (key, value) -> {
            entered.countDown();
            return finish;
        }, new SimpleMeterRegistry());
        send("k", "first", "second");
        assertTrue(entered.await(30, TimeUnit.SECONDS));

        var closing = CompletableFuture.runAsync(first::close);
        Thread.sleep(300);
        assertFalse(closing.isDone(), "the close waits for the call under way");
        finish.complete(List.of(outcome("k", "FIRST")));
        closing.get(30, TimeUnit.SECONDS);

        assertEquals(DispatchLoop.State.STOPPED, first.state());
        assertEquals(List.of("FIRST"), committed(output));
        assertEquals(0, callsOf("second"), "no call starts once the close was asked for");
        start(upperCase(), new SimpleMeterRegistry());
        assertEquals(List.of("FIRST", "SECOND"), awaitCommitted(output, 2));
        assertEquals(1, callsOf("first"), "the call that ended during the close is not made again");
    }

    @Test
    void aCloseWhoseCallOutlastsTheDrainCommitsWhatEndedInTheOtherPartitionOnly() throws Exception {
        String hangingKey = "k-0";
        String endingKey = java.util.stream.IntStream.range(1, 100).mapToObj(i -> "k-" + i)
                .filter(key -> partitionOf(key) != partitionOf(hangingKey)).findFirst().orElseThrow();
        var bothCalled = new CountDownLatch(2);
        var first = start(kafka, "", 3, Duration.ofSeconds(2), (key, value) -> {
            bothCalled.countDown();
            return value.startsWith("hangs") ? new CompletableFuture<>() : CompletableFuture.completedFuture(List.of(outcome(key, "ENDED")));
        }, new SimpleMeterRegistry());
        send(hangingKey, "hangs");
        send(endingKey, "ends");
        assertTrue(bothCalled.await(30, TimeUnit.SECONDS));

        first.close();

        assertEquals(List.of("ENDED"), committed(output), "what ended is committed");
        start(upperCase(), new SimpleMeterRegistry());
        // the two outcomes are keyed to different partitions of the output: read back in no set order
        assertEquals(List.of("ENDED", "HANGS"), awaitCommitted(output, 2).stream().sorted().toList());
        assertEquals(1, callsOf("ends"), "the call that ended is not made again");
        assertEquals(2, callsOf("hangs"));
    }

    /** The partition of the input topic (2 partitions) a key goes to, as the producer picks it. */
    private static int partitionOf(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2;
    }

    @Test
    void closingWhileACallRunsPastTheDrainCommitsNothingAndTheNextLoopCallsAgain() throws Exception {
        var entered = new CountDownLatch(1);
        var never = new CompletableFuture<List<Outcome>>();
        // the close waits for the calls under way no longer than a call may take
        var first = start(kafka, "", 3, Duration.ofSeconds(2), (key, value) -> {
            entered.countDown();
            return never;
        }, new SimpleMeterRegistry());
        send("k", "in-flight");
        assertTrue(entered.await(30, TimeUnit.SECONDS));

        first.close();

        assertEquals(DispatchLoop.State.STOPPED, first.state());
        assertEquals(List.of(), committed(output));
        assertTrue(groupOffsets().values().stream().allMatch(offset -> offset.offset() == 0), "no offset past the call: " + groupOffsets());
        start(upperCase(), new SimpleMeterRegistry());
        assertEquals(List.of("IN-FLIGHT"), awaitCommitted(output, 1));
        assertEquals(2, callsOf("in-flight"));
    }

    @Test
    void aMemberThatLostItsPartitionsWhileCallingCannotCommitThemAndTheNewOwnerDoes() throws Exception {
        // a short poll interval: the coordinator gives up on a member that calls for longer
        var impatient = kafka(Map.of("max.poll.interval.ms", "3000"));
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var zombieRegistry = new SimpleMeterRegistry();
        var zombie = start(impatient, "", 3, (key, value) -> CompletableFuture.supplyAsync(() -> {
            entered.countDown();
            await(release);
            return List.of(outcome(key, "by the zombie"));
        }), zombieRegistry);
        send("k", "contested");
        assertTrue(entered.await(30, TimeUnit.SECONDS));

        start(impatient, "", 3, (key, value) -> CompletableFuture.completedFuture(List.of(outcome(key, "by the new owner"))),
                new SimpleMeterRegistry());
        assertEquals(List.of("by the new owner"), awaitCommitted(output, 1));
        release.countDown();

        Eventually.await(WAIT, "the zombie's commit refused", () -> count(zombieRegistry, "tally.dispatch.failures", "group", group),
                failures -> failures >= 1);
        Thread.sleep(1_000);
        assertEquals(List.of("by the new owner"), committed(output), "the zombie's outcome was aborted");
        assertEquals(2, callsOf("contested"));
        assertEquals(0, count(zombieRegistry, "tally.dispatch.records", "group", group));
        Eventually.await(WAIT, "the zombie back in the group", () -> zombie.readiness().check(), status -> status.ready());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void itsCommittedOffsetsReachTheEndOfTheLogWhenTheLastRecordsAreTransactionMarkersOrAborted() throws Exception {
        start(upperCase(), new SimpleMeterRegistry());
        try (var producer = new KafkaProducer<byte[], byte[]>(KafkaDefaults.transactionalProducer(kafka, "loop-it-tx", group + "-writer"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(input, 0, "k".getBytes(StandardCharsets.UTF_8), "kept".getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
            awaitCommitted(output, 1);
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(input, 0, "k".getBytes(StandardCharsets.UTF_8), "aborted".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            producer.abortTransaction();
        }
        var partition = new TopicPartition(input, 0);
        try (var admin = Admin.create(KafkaDefaults.admin(kafka))) {
            long end = admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get()
                    .get(partition).offset();
            assertEquals(4, end, "a record, its commit marker, an aborted record and its abort marker");
            // what a lag monitor compares: nothing is left to read, so the group must not look a record behind
            Eventually.await(WAIT, "the group's committed offset at the log end " + end, () -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
                return committed == null ? -1L : committed.offset();
            }, offset -> offset == end);
        }
        assertEquals(0, callsOf("aborted"), "an aborted request is never called");
        assertEquals(List.of("KEPT"), committed(output));
    }
}
