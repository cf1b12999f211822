package com.tally.fulfillment;

import com.tally.platform.Access;
import com.tally.platform.Env;
import com.tally.platform.KafkaConfig;
import com.tally.platform.ServerLimits;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * fulfillment-stream's settings: the saga's retry policy, the warehouse its dispatcher calls, and
 * the payment processor its refund dispatcher calls ({@link RefundConfig}).
 * The saga's queries show an order's items and its warehouse's answers, so it refuses to start
 * without the operators' tokens ({@code TALLY_OPERATOR_TOKENS}).
 */
public record FulfillmentConfig(KafkaConfig kafka, int port, String advertisedHost, String instanceId, RetryPolicy retry,
                                URI warehouseUrl, Duration callTimeout, int maxCallsInFlight, RefundConfig refunds, Access access,
                                ServerLimits server) {

    public static final String PORT = "TALLY_FULFILLMENT_PORT";
    public static final String ADVERTISED_HOST = "TALLY_FULFILLMENT_ADVERTISED_HOST";
    public static final String INSTANCE_ID = "TALLY_FULFILLMENT_INSTANCE_ID";
    public static final String ACK_TIMEOUT = "TALLY_FULFILLMENT_ACK_TIMEOUT";
    public static final String BACKOFF_BASE = "TALLY_FULFILLMENT_BACKOFF_BASE";
    public static final String BACKOFF_MAX = "TALLY_FULFILLMENT_BACKOFF_MAX";
    public static final String MAX_ATTEMPTS = "TALLY_FULFILLMENT_MAX_ATTEMPTS";
    public static final String URL = "TALLY_FULFILLMENT_URL";
    public static final String CALL_TIMEOUT = "TALLY_FULFILLMENT_CALL_TIMEOUT";
    public static final String MAX_CALLS_IN_FLIGHT = "TALLY_FULFILLMENT_MAX_CALLS_IN_FLIGHT";

    public static FulfillmentConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        String url = env.required(URL, "the warehouse's fulfillment endpoint, e.g. https://warehouse.example/shipments"
                + " (docs/WAREHOUSE.md says what it must answer)");
        URI warehouse = null;
        if (url != null) {
            try {
                warehouse = URI.create(url);
                if (!"http".equals(warehouse.getScheme()) && !"https".equals(warehouse.getScheme())) {
                    env.problem(URL + "=" + url + " is not an http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                env.problem(URL + "=" + url + " is not a URL: " + e.getMessage());
            }
        }
        var config = new FulfillmentConfig(
                KafkaConfig.fromEnv(env),
                env.port(PORT, 8082),
                env.text(ADVERTISED_HOST, "localhost"),
                // set: static group membership, so a restarted instance takes its partitions back at once
                env.text(INSTANCE_ID, ""),
                new RetryPolicy(
                        // a warehouse answers a request in seconds; minutes without an answer means the call was lost
                        env.duration(ACK_TIMEOUT, Duration.ofMinutes(5)),
                        env.duration(BACKOFF_BASE, Duration.ofSeconds(30)),
                        env.duration(BACKOFF_MAX, Duration.ofMinutes(30)),
                        env.integer(MAX_ATTEMPTS, 8, 1, 100)),
                warehouse,
                // well inside the acknowledgement timeout, so a hung call becomes a retry, not a silent wait
                env.duration(CALL_TIMEOUT, Duration.ofSeconds(10)),
                env.integer(MAX_CALLS_IN_FLIGHT, 32, 1, 1_000),
                RefundConfig.fromEnv(env),
                Access.fromEnv(env, Access.Caller.OPERATOR),
                ServerLimits.fromEnv(env));
        env.check();
        return config;
    }
}
