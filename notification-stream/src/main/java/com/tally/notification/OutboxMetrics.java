package com.tally.notification;

import com.tally.schemas.NotificationRequested;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The outbox's meter: e-mails requested, by kind. Counted when a decision is forwarded; an event
 * reprocessed after a crash is counted again, as every counter in a stream app is. The sent,
 * failed and in-doubt counts are the dispatcher's.
 */
final class OutboxMetrics {

    private final Map<NotificationKind, Counter> requested = new EnumMap<>(NotificationKind.class);

    OutboxMetrics(MeterRegistry registry) {
        // every kind from the start, so a dashboard shows 0 for a kind not yet requested rather than no series
        for (NotificationKind kind : NotificationKind.values()) {
            requested.put(kind, Counter.builder("tally.notifications.requested")
                    .description("e-mails the outbox requested, one per (order, kind) owed").tag("kind", kind.wireName())
                    .register(registry));
        }
    }

    void requested(NotificationRequested request) {
        // the outbox writes only kinds it knows, so the lookup always finds one
        NotificationKind.fromWireName(request.getKind()).map(requested::get).ifPresent(Counter::increment);
    }
}
