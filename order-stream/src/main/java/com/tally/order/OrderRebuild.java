package com.tally.order;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.TempDirectory;
import com.tally.schemas.OrderState;
import com.tally.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Rebuilds every order's state from the input logs, new state from the log: the order part of
 * the topology runs under a throw-away application ID from the earliest offsets up to the
 * committed end of each input as it was when the rebuild started, publishing nothing. Its result
 * can be compared with the live state, or used to check a change to the state machine against
 * history. The throw-away application's internal topics and group are deleted afterwards.
 */
public final class OrderRebuild {

    static final List<String> INPUTS = List.of(Topics.ORDERS_PLACED, Topics.PAYMENT_EVENTS, Topics.FULFILLMENT_REQUESTS,
            Topics.FULFILLMENT_RESULTS, Topics.REFUNDS);

    private final KafkaConfig kafka;
    private final Duration unmatchedTimeout;
    private final Compensation compensation;
    private final Consumer<String> progress;

    /** @param compensation the policies the live order-stream runs with: a rebuild under others would differ from it */
    public OrderRebuild(KafkaConfig kafka, Duration unmatchedTimeout, Compensation compensation, Consumer<String> progress) {
        this.kafka = kafka;
        this.unmatchedTimeout = unmatchedTimeout;
        this.compensation = compensation;
        this.progress = progress;
    }

    /** Every order (and every order with held payments) rebuilt from the log, by order ID. */
    public Map<String, OrderState> run(Duration timeout) throws Exception {
        String applicationId = OrderStreamApp.APPLICATION_ID + "-rebuild-" + System.currentTimeMillis();
        try (var stateDir = TempDirectory.create(applicationId);
                Admin admin = Admin.create(KafkaDefaults.admin(kafka))) {
            Map<TopicPartition, Long> ends = committedEnds(admin);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            progress.accept("rebuilding from " + ends.size() + " partitions of " + INPUTS + " (up to " + total + " offsets)");
            // the live app's cluster and client settings (TLS, SASL ...), in a state directory that goes with the rebuild
            Properties settings = KafkaDefaults.streams(kafka.alone(stateDir.path()), applicationId);
            try (var streams = new KafkaStreams(OrderTopology.rebuild(settings, unmatchedTimeout, compensation), settings)) {
                streams.start();
                awaitCaughtUp(admin, applicationId, ends, timeout);
                var rebuilt = readAll(streams);
                progress.accept("rebuilt " + rebuilt.size() + " orders");
                // leave the group now, so it can be deleted without waiting for the session timeout
                streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
                streams.cleanUp();
                return rebuilt;
            } finally {
                deleteLeftovers(admin, applicationId);
            }
        }
    }

    /** The read_committed end of every input partition: records of open transactions are not part of the rebuild. */
    private static Map<TopicPartition, Long> committedEnds(Admin admin) throws Exception {
        var partitions = new HashMap<TopicPartition, OffsetSpec>();
        for (var description : admin.describeTopics(INPUTS).allTopicNames().get().values()) {
            description.partitions().forEach(p -> partitions.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = admin
                .listOffsets(partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        var ends = new HashMap<TopicPartition, Long>();
        latest.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private void awaitCaughtUp(Admin admin, String applicationId, Map<TopicPartition, Long> ends, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = 0;
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            long behind = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                // a committed offset may sit past the end captured above: transaction markers take offsets too
                behind += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
            }
            if (behind == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the rebuild is still " + behind + " offsets behind after " + timeout
                        + ": run it again with a longer timeout, or check that the broker is reachable");
            }
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                progress.accept(behind + " offsets to go");
                lastReport = System.nanoTime();
            }
            Thread.sleep(200);
        }
    }

    private static Map<String, OrderState> readAll(KafkaStreams streams) {
        var store = streams.store(StoreQueryParameters.fromNameAndType(StoreNames.ORDER_STATE, QueryableStoreTypes.<String, OrderState>keyValueStore()));
        var all = new HashMap<String, OrderState>();
        try (var entries = store.all()) {
            entries.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        return all;
    }

    private static void deleteLeftovers(Admin admin, String applicationId) throws Exception {
        var internal = admin.listTopics().names().get().stream().filter(name -> name.startsWith(applicationId + "-")).toList();
        admin.deleteTopics(internal).all().get();
        admin.deleteConsumerGroups(List.of(applicationId)).all().get();
    }
}
