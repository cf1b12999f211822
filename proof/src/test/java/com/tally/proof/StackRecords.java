package com.tally.proof;

import com.tally.platform.testing.CommittedLog;
import com.tally.proof.mail.ReceivedEmail;
import com.tally.proof.sim.Story;
import com.tally.proof.stack.ProcessStack;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/** What a process stack committed about some orders, and what its mail server holds for their buyers: what the acceptance tests assert on. */
final class StackRecords {

    private final ProcessStack stack;

    StackRecords(ProcessStack stack) {
        this.stack = stack;
    }

    /** The records of {@code topic} (read_committed) that concern {@code orderIds}, by order. */
    <T extends SpecificRecord> Map<String, List<T>> byOrder(String topic, Class<T> type, Set<String> orderIds, Function<T, String> orderId) {
        var serde = AvroSerde.of(type);
        return CommittedLog.of(stack.kafka(), topic).stream().map(r -> serde.decode(r.value()))
                .filter(record -> orderIds.contains(orderId.apply(record))).collect(Collectors.groupingBy(orderId));
    }

    /** Each order's statuses on {@code orders.events}, in the order order-stream reached them. */
    Map<String, List<OrderStatus>> transitionsOf(Set<String> orderIds) {
        return byOrder(Topics.ORDER_EVENTS, OrderEvent.class, orderIds, OrderEvent::getOrderId).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stream().map(OrderEvent::getTo).toList()));
    }

    /** The alerts of one kind about {@code subjects}, by subject; a subject without one is left out. */
    Map<String, List<Alert>> alertsOf(String kind, Set<String> subjects) {
        var alerts = AvroSerde.of(Alert.class);
        return CommittedLog.of(stack.kafka(), Topics.ALERTS).stream().map(r -> alerts.decode(r.value()))
                .filter(a -> a.getKind().equals(kind) && subjects.contains(a.getSubject()))
                .collect(Collectors.groupingBy(Alert::getSubject));
    }

    /** Every e-mail in the inboxes of these stories' buyers, by Message-ID. */
    Map<String, List<ReceivedEmail>> inboxes(Collection<Story> stories) throws Exception {
        Set<String> buyers = stories.stream().map(Story::customerEmail).collect(Collectors.toCollection(TreeSet::new));
        return stack.mail().orElseThrow().inbox().readAll(buyers).values().stream().flatMap(box -> box.emails().stream())
                .collect(Collectors.groupingBy(ReceivedEmail::messageId));
    }
}
