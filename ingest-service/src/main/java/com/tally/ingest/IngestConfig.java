package com.tally.ingest;

import com.tally.platform.Env;
import com.tally.platform.KafkaConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * ingest-service's settings. The Stripe secret is required: a provider without a secret would
 * have to accept unsigned webhooks, so the service refuses to start instead.
 */
public record IngestConfig(KafkaConfig kafka, int port, List<String> stripeSecrets, Duration ackTimeout, int maxBodyBytes) {

    public static final String PORT = "TALLY_INGEST_PORT";
    public static final String STRIPE_WEBHOOK_SECRET = "TALLY_STRIPE_WEBHOOK_SECRET";
    public static final String ACK_TIMEOUT = "TALLY_INGEST_ACK_TIMEOUT";
    public static final String MAX_BODY_BYTES = "TALLY_INGEST_MAX_BODY_BYTES";

    public IngestConfig {
        stripeSecrets = List.copyOf(stripeSecrets);
    }

    public static IngestConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        env.required(STRIPE_WEBHOOK_SECRET, "the Stripe endpoint secret(s) (whsec_..., comma-separated during a rotation);"
                + " without one ingest would accept unsigned webhooks");
        var config = new IngestConfig(
                KafkaConfig.fromEnv(env),
                env.port(PORT, 8080),
                env.list(STRIPE_WEBHOOK_SECRET),
                env.duration(ACK_TIMEOUT, Duration.ofSeconds(5)),
                env.integer(MAX_BODY_BYTES, 256 * 1024, 1024, 16 * 1024 * 1024));
        env.check();
        return config;
    }
}
