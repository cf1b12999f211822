package com.tally.order;

import com.tally.platform.Access;
import com.tally.platform.Env;
import com.tally.platform.KafkaConfig;
import com.tally.platform.ServerLimits;
import java.time.Duration;
import java.util.Map;

/**
 * order-stream's settings. {@code TALLY_ORDER_ADVERTISED_HOST} is how other instances reach
 * this one's HTTP port to answer interactive queries for keys it owns. Its queries show customers'
 * e-mail addresses, payments and the books, so it refuses to start without the operators' tokens
 * ({@code TALLY_OPERATOR_TOKENS}).
 */
public record OrderConfig(KafkaConfig kafka, int port, String advertisedHost, Duration dedupeRetention,
                          Duration unmatchedPaymentTimeout, Duration stuckOrderAfter, Compensation compensation, String instanceId,
                          Access access, ServerLimits server, Duration reconciliationGrace) {

    public static final String PORT = "TALLY_ORDER_PORT";
    public static final String ADVERTISED_HOST = "TALLY_ORDER_ADVERTISED_HOST";
    public static final String DEDUPE_RETENTION = "TALLY_DEDUPE_RETENTION";
    public static final String UNMATCHED_PAYMENT_TIMEOUT = "TALLY_UNMATCHED_PAYMENT_TIMEOUT";
    public static final String STUCK_ORDER_AFTER = "TALLY_STUCK_ORDER_AFTER";
    public static final String INSTANCE_ID = "TALLY_ORDER_INSTANCE_ID";
    public static final String RECONCILIATION_GRACE = "TALLY_RECONCILIATION_GRACE";

    public static OrderConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        var config = new OrderConfig(
                KafkaConfig.fromEnv(env),
                env.port(PORT, 8081),
                env.text(ADVERTISED_HOST, "localhost"),
                // Stripe retries for 3 days and Adyen for 30: a repeat within this window is recognised
                env.duration(DEDUPE_RETENTION, Duration.ofDays(30)),
                // an order usually follows its payment within seconds; an hour means it is not coming
                env.duration(UNMATCHED_PAYMENT_TIMEOUT, Duration.ofHours(1)),
                // past the time the saga's default retry policy takes to give up: while fulfillment-stream runs, its
                // fulfillment-gave-up speaks first; order-stuck is for an order nobody speaks about any more
                env.duration(STUCK_ORDER_AFTER, Duration.ofHours(2)),
                Compensation.fromEnv(env),
                // set: static group membership, so a restarted instance takes its partitions back at once
                // instead of waiting out the session timeout of the instance that died
                env.text(INSTANCE_ID, ""),
                Access.fromEnv(env, Access.Caller.OPERATOR),
                ServerLimits.fromEnv(env),
                // Tally dates a charge by its webhook's event, the processor's report by its own ledger entry, and a
                // retried webhook lands late: a charge this close to a report's end may be the next report's, so it
                // is not yet one the report lacks. Short against a daily report, long against both of those.
                env.duration(RECONCILIATION_GRACE, Duration.ofHours(1)));
        env.check();
        return config;
    }
}
