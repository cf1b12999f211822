package com.tally.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The dispatcher's meters: e-mails sent (by kind), notifications failed (by reason), and the
 * in-doubt resends, read from the {@link AttemptLedger}: counted from the records, so a restart,
 * even after SIGKILL, reads the same number again. Sent and failed are counted when the send is
 * over, before its result commits: a batch read again counts them again.
 */
final class DeliveryMetrics {

    static final String REJECTED = "rejected";
    static final String RETRIES_EXHAUSTED = "retries-exhausted";

    private final MeterRegistry registry;

    DeliveryMetrics(MeterRegistry registry, AttemptLedger ledger) {
        this.registry = registry;
        FunctionCounter.builder("tally.notifications.in.doubt.resent", ledger, AttemptLedger::inDoubtResends)
                .description("sends of a notification whose earlier send may have delivered (its outcome was never recorded, or it got no"
                        + " reply): the only e-mails that may arrive twice, with the same Message-ID")
                .register(registry);
    }

    void sent(String kind) {
        Counter.builder("tally.notifications.sent").description("e-mails the SMTP server took, by notification kind")
                .tag("kind", kind).register(registry).increment();
    }

    void failed(String reason) {
        Counter.builder("tally.notifications.failed")
                .description("notifications given up: rejected (a 5xx reply) or retries-exhausted (no server, 4xx replies)")
                .tag("reason", reason).register(registry).increment();
    }
}
