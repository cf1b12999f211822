package com.tally.console.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples every group's lag ({@link LagReader}) and the age of each lagging partition's oldest
 * unconsumed record ({@link OldestUnconsumed}), keeps each partition's samples for the window, and
 * judges each partition and group by {@link LagRules}. One thread calls {@link #sample()}; any
 * thread reads {@link #latest()}.
 */
public final class LagMonitor {

    private record Key(String group, TopicPartition partition) {
    }

    /** Where a group stands in a partition: the place its oldest waiting record is looked up from. */
    private record Position(TopicPartition partition, long offset) {
    }

    /** What was found at a position: the first waiting record's time, nothing waiting, or not known in time. */
    private record Waiting(Instant firstRecord, boolean known) {
        static final Waiting NOTHING = new Waiting(null, true);
        static final Waiting UNKNOWN = new Waiting(null, false);
    }

    private final LagReader reader;
    private final OldestUnconsumed oldest;
    private final Duration window;
    private final Clock clock;
    /** How far back {@link #trend()} goes: what a trend chart shows. */
    public static final Duration TREND_SPAN = Duration.ofMinutes(30);

    /** One group's lag at one sampling, for its trend. */
    public record TrendPoint(Instant at, long totalLag, double lagSeconds) {
    }

    private final Map<Key, Deque<PartitionSample>> history = new HashMap<>();
    private final Map<String, Deque<TrendPoint>> trends = new ConcurrentHashMap<>();
    private final AtomicReference<LagSnapshot> latest;

    public LagMonitor(LagReader reader, OldestUnconsumed oldest, Duration window, Clock clock) {
        this.reader = reader;
        this.oldest = oldest;
        this.window = window;
        this.clock = clock;
        this.latest = new AtomicReference<>(LagSnapshot.none(clock.instant()));
    }

    public LagSnapshot latest() {
        return latest.get();
    }

    /** Reads the cluster once and makes the result the latest; a failed read keeps the groups of the last one and says why. */
    public LagSnapshot sample() throws InterruptedException {
        List<GroupLag> groups;
        try {
            groups = reader.readAll();
        } catch (LagReader.LagUnreadable e) {
            return latest.updateAndGet(last -> last.failed(e.getMessage()));
        }
        Map<Position, Waiting> waiting = lookUp(groups);
        Instant now = clock.instant();
        var judged = new ArrayList<LagSnapshot.Group>(groups.size());
        var seen = new HashSet<Key>();
        for (GroupLag group : groups) {
            judged.add(judge(group, now, waiting, seen));
        }
        history.keySet().retainAll(seen);
        keepTrends(judged, now);
        var snapshot = new LagSnapshot(now, judged, null);
        latest.set(snapshot);
        return snapshot;
    }

    /** Each group's trend over the last {@link #TREND_SPAN}, oldest first, by group ID. */
    public Map<String, List<TrendPoint>> trend() {
        var copy = new TreeMap<String, List<TrendPoint>>();
        trends.forEach((group, points) -> copy.put(group, List.copyOf(points)));
        return copy;
    }

    private void keepTrends(List<LagSnapshot.Group> groups, Instant now) {
        var present = new HashSet<String>();
        for (LagSnapshot.Group group : groups) {
            present.add(group.group());
            Deque<TrendPoint> points = trends.computeIfAbsent(group.group(), g -> new ConcurrentLinkedDeque<>());
            points.addLast(new TrendPoint(now, group.totalLag(), group.lagSeconds()));
            while (points.peekFirst().at().isBefore(now.minus(TREND_SPAN))) {
                points.removeFirst();
            }
        }
        trends.keySet().retainAll(present);
    }

    /**
     * The oldest waiting record at every position a group lags at. A read takes one offset per
     * partition, so groups at different offsets of one partition take a read each.
     */
    private Map<Position, Waiting> lookUp(List<GroupLag> groups) {
        var positions = new HashSet<Position>();
        for (GroupLag group : groups) {
            for (PartitionLag row : group.partitions()) {
                if (lags(row)) {
                    positions.add(new Position(new TopicPartition(row.topic(), row.partition()), row.committedOffset()));
                }
            }
        }
        var waiting = new HashMap<Position, Waiting>();
        var left = new ArrayList<>(positions);
        while (!left.isEmpty()) {
            var round = new HashMap<TopicPartition, Long>();
            left.removeIf(position -> round.putIfAbsent(position.partition(), position.offset()) == null);
            OldestUnconsumed.Found found = oldest.timestamps(round);
            round.forEach((partition, offset) -> {
                Instant first = found.timestamps().get(partition);
                waiting.put(new Position(partition, offset), first != null ? new Waiting(first, true)
                        : found.unread().contains(partition) ? Waiting.UNKNOWN : Waiting.NOTHING);
            });
        }
        return waiting;
    }

    private static boolean lags(PartitionLag row) {
        return row.committedOffset() != null && row.lag() != null && row.lag() > 0;
    }

    private LagSnapshot.Group judge(GroupLag group, Instant now, Map<Position, Waiting> waiting, Set<Key> seen) {
        var partitions = new ArrayList<LagSnapshot.Partition>(group.partitions().size());
        var statuses = new ArrayList<PartitionStatus>(group.partitions().size());
        long totalLag = 0;
        double groupSeconds = 0;
        boolean anyWaiting = false;
        for (PartitionLag row : group.partitions()) {
            var partition = new TopicPartition(row.topic(), row.partition());
            // a group that committed nothing here starts where its reset policy says: nothing is known to wait for it
            Waiting found = lags(row) ? waiting.get(new Position(partition, row.committedOffset()))
                    : row.committedOffset() == null ? Waiting.UNKNOWN : Waiting.NOTHING;
            boolean dataWaiting = found.firstRecord() != null || !found.known() && lags(row);
            Double seconds = !found.known() ? null
                    : found.firstRecord() == null ? 0.0 : Math.max(0, Duration.between(found.firstRecord(), now).toMillis() / 1000.0);
            PartitionStatus status = record(new Key(group.group(), partition), new PartitionSample(now,
                    row.committedOffset() == null ? PartitionSample.NO_COMMITTED_OFFSET : row.committedOffset(), row.logEndOffset() == null ? -1 : row.logEndOffset(),
                    dataWaiting), now);
            seen.add(new Key(group.group(), partition));
            statuses.add(status);
            partitions.add(new LagSnapshot.Partition(row.topic(), row.partition(), row.committedOffset(), row.logEndOffset(), row.lag(),
                    row.consumerId(), row.internal(), seconds, status));
            totalLag += row.lag() == null ? 0 : Math.max(0, row.lag());
            groupSeconds = Math.max(groupSeconds, seconds == null ? 0 : seconds);
            anyWaiting |= dataWaiting;
        }
        GroupStatus status = LagRules.group(statuses, group.members() > 0, anyWaiting);
        return new LagSnapshot.Group(group.group(), group.state(), group.members(), status, status.severity(), totalLag, groupSeconds,
                partitions);
    }

    /** Adds the sample to the partition's window, drops what fell out of it, and judges the window. */
    private PartitionStatus record(Key key, PartitionSample sample, Instant now) {
        Deque<PartitionSample> samples = history.computeIfAbsent(key, k -> new ArrayDeque<>());
        samples.addLast(sample);
        while (samples.peekFirst().at().isBefore(now.minus(window))) {
            samples.removeFirst();
        }
        return LagRules.partition(List.copyOf(samples), window, now);
    }
}
