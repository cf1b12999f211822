package com.tally.order;

import com.tally.platform.KeyedLookup;
import com.tally.platform.Peers;
import com.tally.platform.TallyJson;
import com.tally.schemas.LedgerBalances;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Topics;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over every instance: an order is read from the instance that owns its key
 * (locally, or by asking the owner over HTTP); a list or the ledger is gathered from all of them.
 * While an owner is rebalancing the answer is "unavailable" unless the caller accepts a standby's
 * copy, which is then marked stale.
 */
final class OrderQueries {

    private static final Comparator<StuckOrder> OLDEST_FIRST = Comparator.comparing(StuckOrder::paidSince).thenComparing(StuckOrder::orderId);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Peers peers = new Peers();
    private final KeyedLookup<OrderState> orders;

    OrderQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
        this.orders = new KeyedLookup<>(streams, self, StoreNames.ORDER_STATE,
                orderId -> "/orders/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8) + "?local=true", OrderStreamApp.APPLICATION_ID);
    }

    /** Answers a GET of one order by {@link KeyedLookup#answer}: found orders are the caller's to answer. */
    void answer(Context ctx, String orderId, BiConsumer<Context, KeyedLookup.Result.Found<OrderState>> found) {
        orders.answer(ctx, orderId, found);
    }

    /**
     * Orders in one status on this instance, the {@code limit + 1} smallest order IDs: each local
     * partition's index is sorted, so the first entries of each, merged and cut, are the smallest overall.
     */
    List<OrderSummary> listLocal(OrderStatus status, int limit) {
        ReadOnlyKeyValueStore<String, OrderState> orders = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.ORDER_STATE, QueryableStoreTypes.keyValueStore()));
        var found = new ArrayList<OrderSummary>();
        for (int partition : localPartitions()) {
            ReadOnlyKeyValueStore<String, Long> index = streams.store(StoreQueryParameters
                    .fromNameAndType(StoreNames.ORDERS_BY_STATUS, QueryableStoreTypes.<String, Long>keyValueStore()).withPartition(partition));
            int taken = 0;
            try (var entries = index.prefixScan(status.name() + "/", new StringSerializer())) {
                while (entries.hasNext() && taken++ <= limit) {
                    String orderId = entries.next().key.substring(status.name().length() + 1);
                    Optional.ofNullable(orders.get(orderId)).map(OrderSummary::of).ifPresent(found::add);
                }
            }
        }
        found.sort(Comparator.comparing(OrderSummary::orderId));
        return found.subList(0, Math.min(found.size(), limit + 1));
    }

    /**
     * The stuck orders on this instance, the {@code limit + 1} that have waited longest: each local
     * partition's index is sorted by since when, so its first entries, merged and cut, are the oldest overall.
     */
    List<StuckOrder> stuckLocal(int limit) {
        ReadOnlyKeyValueStore<String, OrderState> orders = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.ORDER_STATE, QueryableStoreTypes.keyValueStore()));
        var found = new ArrayList<StuckOrder>();
        for (int partition : localPartitions()) {
            for (var entry : AwaitingFulfillment.stuck(awaitingFulfillment(partition), limit + 1)) {
                Optional.ofNullable(orders.get(entry.orderId())).map(order -> StuckOrder.of(order, entry)).ifPresent(found::add);
            }
        }
        found.sort(OLDEST_FIRST);
        return found.subList(0, Math.min(found.size(), limit + 1));
    }

    /** The stuck orders across all instances, longest waiting first; one more than the limit says "truncated". */
    List<StuckOrder> stuck(int limit, String credential) throws IOException {
        var all = new ArrayList<StuckOrder>();
        for (HostInfo host : hostsOf(StoreNames.AWAITING_FULFILLMENT)) {
            if (host.equals(self)) {
                all.addAll(stuckLocal(limit));
            } else {
                var answer = peers.get(host, "/orders?local=true&stuck=true&limit=" + limit, credential);
                requireOk(answer, host);
                all.addAll(TallyJson.mapper().readValue(answer.body(), StuckOrder.Page.class).orders());
            }
        }
        all.sort(OLDEST_FIRST);
        return all;
    }

    /** How many orders are stuck in this instance's partitions, and since when the oldest waits: what its gauges show. */
    AwaitingFulfillment.Summary unfulfilledLocal() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            // while partitions move, this instance's share is unknown: no figure rather than a wrong one
            throw new InvalidStateStoreException(orders.rebalancing());
        }
        var summary = AwaitingFulfillment.Summary.NONE;
        for (int partition : localPartitions()) {
            summary = summary.plus(AwaitingFulfillment.summary(awaitingFulfillment(partition)));
        }
        return summary;
    }

    private ReadOnlyKeyValueStore<String, Long> awaitingFulfillment(int partition) {
        return streams.store(StoreQueryParameters
                .fromNameAndType(StoreNames.AWAITING_FULFILLMENT, QueryableStoreTypes.<String, Long>keyValueStore()).withPartition(partition));
    }

    /** The partitions whose order tasks are active on this instance. */
    private List<Integer> localPartitions() {
        return streams.streamsMetadataForStore(StoreNames.ORDERS_BY_STATUS).stream()
                .filter(metadata -> metadata.hostInfo().equals(self))
                .flatMap(metadata -> metadata.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(Topics.ORDERS_PLACED))
                .map(TopicPartition::partition).sorted().toList();
    }

    /** Orders in one status across all instances, sorted by order ID; one more than the limit says "truncated". */
    List<OrderSummary> list(OrderStatus status, int limit, String credential) throws IOException {
        var all = new ArrayList<OrderSummary>();
        for (HostInfo host : hostsOf(StoreNames.ORDERS_BY_STATUS)) {
            if (host.equals(self)) {
                all.addAll(listLocal(status, limit));
            } else {
                var answer = peers.get(host, "/orders?local=true&status=" + status + "&limit=" + limit, credential);
                requireOk(answer, host);
                all.addAll(TallyJson.mapper().readValue(answer.body(), OrderSummary.Page.class).orders());
            }
        }
        all.sort(Comparator.comparing(OrderSummary::orderId));
        return all;
    }

    List<BalanceView> balancesLocal() {
        ReadOnlyKeyValueStore<String, LedgerBalances> store = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.LEDGER_BALANCES, QueryableStoreTypes.keyValueStore()));
        var found = new ArrayList<BalanceView>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> found.add(BalanceView.of(entry.value)));
        }
        return found;
    }

    List<BalanceView> balances(String credential) throws IOException {
        var all = new ArrayList<BalanceView>();
        for (HostInfo host : hostsOf(StoreNames.LEDGER_BALANCES)) {
            if (host.equals(self)) {
                all.addAll(balancesLocal());
            } else {
                var answer = peers.get(host, "/ledger/balances?local=true", credential);
                requireOk(answer, host);
                all.addAll(List.of(TallyJson.mapper().readValue(answer.body(), BalanceView[].class)));
            }
        }
        all.sort(Comparator.comparing(BalanceView::currency));
        return all;
    }

    /** A reconciliation run held by this instance's partitions. */
    Optional<ReconciliationRunView> runLocal(String reportId) {
        ReadOnlyKeyValueStore<String, ReconciliationRun> store = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.RECONCILIATION_RUNS, QueryableStoreTypes.keyValueStore()));
        return Optional.ofNullable(store.get(reportId)).map(ReconciliationRunView::of);
    }

    /** Transactions that the reconciled runs in this instance's partitions put in one class, in every currency. */
    long reconciledLocal(ReconciliationClass klass) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException(orders.rebalancing());
        }
        ReadOnlyKeyValueStore<String, ReconciliationRun> store = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.RECONCILIATION_RUNS, QueryableStoreTypes.keyValueStore()));
        long count = 0;
        try (var runs = store.all()) {
            while (runs.hasNext()) {
                var byCurrency = runs.next().value.totals().getOrDefault(klass, Map.of());
                count += byCurrency.values().stream().mapToLong(ReconciliationRun.Total::count).sum();
            }
        }
        return count;
    }

    /** A reconciliation run wherever it is: runs are partitioned by provider, not by report ID, so every instance may be asked. */
    Optional<ReconciliationRunView> run(String reportId, String credential) throws IOException {
        for (HostInfo host : hostsOf(StoreNames.RECONCILIATION_RUNS)) {
            if (host.equals(self)) {
                var local = runLocal(reportId);
                if (local.isPresent()) {
                    return local;
                }
                continue;
            }
            var answer = peers.get(host, "/reconciliation/runs/" + URLEncoder.encode(reportId, StandardCharsets.UTF_8) + "?local=true", credential);
            if (answer.status() == 200) {
                return Optional.of(TallyJson.mapper().readValue(answer.body(), ReconciliationRunView.class));
            }
            if (answer.status() != 404) {
                requireOk(answer, host);
            }
        }
        return Optional.empty();
    }

    private List<HostInfo> hostsOf(String store) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException(orders.rebalancing());
        }
        return streams.streamsMetadataForStore(store).stream().map(StreamsMetadata::hostInfo).distinct().toList();
    }

    private static void requireOk(Peers.Answer answer, HostInfo host) throws IOException {
        if (answer.status() != 200) {
            throw new IOException("instance " + host + " answered " + answer.status() + ": " + answer.body());
        }
    }

    static Optional<OrderState> placed(OrderState state) {
        return Optional.ofNullable(state).filter(s -> s.getStatus() != null);
    }
}
