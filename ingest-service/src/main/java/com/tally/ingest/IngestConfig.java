package com.tally.ingest;

import com.tally.platform.Access;
import com.tally.platform.Env;
import com.tally.platform.KafkaConfig;
import com.tally.platform.ServerLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * ingest-service's settings. Every enabled provider needs its secret: a provider without one
 * would have to accept unsigned webhooks, so the service refuses to start instead. For the same
 * reason it needs the shops' tokens ({@code TALLY_SHOP_TOKENS}), without which anyone could place
 * an order, and the operators' ({@code TALLY_OPERATOR_TOKENS}), without which anyone could upload
 * a settlement report.
 */
public record IngestConfig(KafkaConfig kafka, int port, List<String> providers, List<String> stripeSecrets,
                           List<String> standardSecrets, List<String> warehouseSecrets, Duration ackTimeout, int maxBodyBytes, int maxInFlight,
                           TrustedProxies trustedProxies, Access access, ServerLimits server, long reconciliationMaxBytes) {

    public static final String PORT = "TALLY_INGEST_PORT";
    public static final String PROVIDERS = "TALLY_INGEST_PROVIDERS";
    public static final String STRIPE_WEBHOOK_SECRET = "TALLY_STRIPE_WEBHOOK_SECRET";
    public static final String STANDARD_WEBHOOK_SECRET = "TALLY_STANDARD_WEBHOOK_SECRET";
    public static final String WAREHOUSE_WEBHOOK_SECRET = "TALLY_WAREHOUSE_WEBHOOK_SECRET";
    public static final String ACK_TIMEOUT = "TALLY_INGEST_ACK_TIMEOUT";
    public static final String MAX_BODY = "TALLY_INGEST_MAX_BODY";
    public static final String MAX_IN_FLIGHT = "TALLY_INGEST_MAX_IN_FLIGHT";
    /** Proxies whose X-Forwarded-For names where a request came from; none by default, since anyone can send the header. */
    public static final String TRUSTED_PROXIES = "TALLY_TRUSTED_PROXIES";
    /** The largest settlement report an operator may upload; docs/CONFIGURATION.md says why the default fits a million rows. */
    public static final String RECONCILIATION_MAX_BYTES = "TALLY_RECONCILIATION_MAX_BYTES";

    public static final String STRIPE = "stripe";
    public static final String STANDARD = "standard";
    /** The warehouse's shipment callbacks: opt-in, since a shop without a warehouse that calls back has no secret to give. */
    public static final String WAREHOUSE = "warehouse";
    private static final List<String> KNOWN_PROVIDERS = List.of(STRIPE, STANDARD, WAREHOUSE);
    /** The processors that take payments, whose settlement reports ingest accepts (the warehouse takes none). */
    public static final List<String> PAYMENT_PROVIDERS = List.of(STRIPE, STANDARD);

    public IngestConfig {
        providers = List.copyOf(providers);
        stripeSecrets = List.copyOf(stripeSecrets);
        standardSecrets = List.copyOf(standardSecrets);
        warehouseSecrets = List.copyOf(warehouseSecrets);
    }

    public static IngestConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        List<String> providers = env.list(PROVIDERS).isEmpty() ? List.of(STRIPE, STANDARD) : env.list(PROVIDERS);
        for (String provider : providers) {
            if (!KNOWN_PROVIDERS.contains(provider)) {
                env.problem(PROVIDERS + " names '" + provider + "': the providers are " + KNOWN_PROVIDERS);
            }
        }
        if (providers.contains(STRIPE)) {
            env.required(STRIPE_WEBHOOK_SECRET, "the Stripe endpoint secret(s) (whsec_..., comma-separated during a rotation);"
                    + " or leave stripe out of " + PROVIDERS);
        }
        if (providers.contains(STANDARD)) {
            env.required(STANDARD_WEBHOOK_SECRET, "the Standard Webhooks secret(s) (whsec_<base64>, comma-separated during a rotation);"
                    + " or leave standard out of " + PROVIDERS);
        }
        if (providers.contains(WAREHOUSE)) {
            env.required(WAREHOUSE_WEBHOOK_SECRET, "the secret the warehouse signs its callbacks with (whsec_<base64>,"
                    + " comma-separated during a rotation; docs/WAREHOUSE.md); or leave warehouse out of " + PROVIDERS);
        }
        TrustedProxies trustedProxies = TrustedProxies.NONE;
        try {
            trustedProxies = TrustedProxies.parse(env.list(TRUSTED_PROXIES));
        } catch (IllegalArgumentException e) {
            env.problem(TRUSTED_PROXIES + ": " + e.getMessage());
        }
        var config = new IngestConfig(
                KafkaConfig.fromEnv(env),
                env.port(PORT, 8080),
                providers,
                env.list(STRIPE_WEBHOOK_SECRET),
                env.list(STANDARD_WEBHOOK_SECRET),
                env.list(WAREHOUSE_WEBHOOK_SECRET),
                env.duration(ACK_TIMEOUT, Duration.ofSeconds(5)),
                (int) env.bytes(MAX_BODY, 256 * 1024, 1024, 16 * 1024 * 1024),
                env.integer(MAX_IN_FLIGHT, 4096, 1, 1_000_000),
                trustedProxies,
                Access.fromEnv(env, Access.Caller.SHOP, Access.Caller.OPERATOR),
                ServerLimits.fromEnv(env),
                // a report streams to a compact file on disk, never into memory: the limit bounds disk and time, not heap
                env.bytes(RECONCILIATION_MAX_BYTES, 1024L * 1024 * 1024, 1024, 64L * 1024 * 1024 * 1024));
        env.check();
        return config;
    }
}
