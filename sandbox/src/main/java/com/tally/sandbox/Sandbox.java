package com.tally.sandbox;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.IngestService;
import com.tally.order.OrderConfig;
import com.tally.order.OrderStreamApp;
import com.tally.order.OrderTopology;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TallyService;
import com.tally.platform.TopicProvisioner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Composes every service that exists so far on one Kafka, in one JVM, configured through the
 * same environment variables each service reads when it runs alone.
 */
public final class Sandbox {

    /** The sandbox's documented Stripe webhook secret; override with TALLY_STRIPE_WEBHOOK_SECRET. */
    public static final String DEFAULT_STRIPE_SECRET = "whsec_tally_sandbox_do_not_use_in_production";
    /** The sandbox's documented Standard Webhooks secret (whsec_ + base64); override with TALLY_STANDARD_WEBHOOK_SECRET. */
    public static final String DEFAULT_STANDARD_SECRET = "whsec_dGFsbHktc2FuZGJveC1zdGFuZGFyZC13ZWJob29rcw==";

    /** Every stream application the sandbox runs; each gets its own dead-letter topic. */
    public static final List<String> STREAM_APPS = List.of(OrderTopology.APPLICATION_ID);

    private Sandbox() {
    }

    /** The environment the services see: the caller's, with the sandbox's defaults where it says nothing. */
    public static Map<String, String> environment(Map<String, String> callers, String bootstrapServers, Path stateDir) {
        var env = new HashMap<>(callers);
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        env.putIfAbsent(KafkaConfig.STATE_DIR, stateDir.toString());
        env.putIfAbsent(KafkaConfig.STANDBY_REPLICAS, "0");   // one instance of each app: no other instance to hold a standby
        env.putIfAbsent(IngestConfig.STRIPE_WEBHOOK_SECRET, DEFAULT_STRIPE_SECRET);
        env.putIfAbsent(IngestConfig.STANDARD_WEBHOOK_SECRET, DEFAULT_STANDARD_SECRET);
        return env;
    }

    /** Provisions the topics and builds the services, in the order they start. */
    public static List<TallyService> services(Map<String, String> env, Clock clock) {
        var ingest = IngestConfig.fromEnv(env);
        var order = OrderConfig.fromEnv(env);
        TopicProvisioner.provision(ingest.kafka(), TopicProvisioner.tallyTopics(STREAM_APPS));
        return List.of(new OrderStreamApp(order), new IngestService(ingest, clock));
    }
}
