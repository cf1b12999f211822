package com.tally.sandbox;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.IngestService;
import com.tally.order.OrderConfig;
import com.tally.order.OrderStreamApp;
import com.tally.platform.TallyService;
import com.tally.platform.TopicProvisioner;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Composes every service that exists so far on one Kafka, in one JVM, configured through the
 * same environment variables each service reads when it runs alone.
 */
public final class Sandbox {

    /** Every stream application the sandbox runs; each gets its own dead-letter topic. */
    public static final List<String> STREAM_APPS = List.of(OrderStreamApp.APPLICATION_ID);

    private Sandbox() {
    }

    /** Provisions the topics and builds the services, in the order they start. */
    public static List<TallyService> services(Map<String, String> env, Clock clock) {
        var ingest = IngestConfig.fromEnv(env);
        var order = OrderConfig.fromEnv(env);
        TopicProvisioner.provision(ingest.kafka(), TopicProvisioner.tallyTopics(STREAM_APPS));
        return List.of(new OrderStreamApp(order), new IngestService(ingest, clock));
    }
}
