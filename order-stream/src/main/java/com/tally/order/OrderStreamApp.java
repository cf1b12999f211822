package com.tally.order;

import com.tally.platform.KafkaDefaults;
import com.tally.platform.OpsEndpoints;
import com.tally.platform.ServiceLauncher;
import com.tally.platform.ServiceMetrics;
import com.tally.platform.StreamsLifecycle;
import com.tally.platform.TallyService;
import com.tally.platform.TopicProvisioner;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/** order-stream: the Kafka Streams app and its HTTP port (order queries and ops endpoints). */
public final class OrderStreamApp implements TallyService {

    /** The Kafka Streams application ID: it names the consumer group, the internal topics and the dead-letter topic. */
    public static final String APPLICATION_ID = "order-stream";

    private final OrderConfig config;
    private StreamsLifecycle streams;
    private Javalin http;

    public OrderStreamApp(OrderConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        var app = new OrderStreamApp(OrderConfig.fromEnv(System.getenv()));
        TopicProvisioner.provision(app.config.kafka(), TopicProvisioner.tallyTopics(List.of(APPLICATION_ID)));
        ServiceLauncher.runUntilStopped(ServiceLauncher.startAll(List.of(app)));
    }

    @Override
    public String name() {
        return APPLICATION_ID;
    }

    @Override
    public void start() {
        var registry = ServiceMetrics.registry(name());
        var self = new HostInfo(config.advertisedHost(), config.port());
        var settings = KafkaDefaults.queryableStreams(config.kafka(), APPLICATION_ID, self, config.instanceId());
        // built with the settings KafkaStreams runs under, so topology-level ones given through
        // TALLY_KAFKA_<PROPERTY> (processor.wrapper.class, dsl.store.suppliers.class) reach it too
        var topology = OrderTopology.build(settings, config.dedupeRetention(), config.unmatchedPaymentTimeout(), config.stuckOrderAfter(),
                config.compensation(), config.reconciliationGrace());
        streams = new StreamsLifecycle(topology, settings, registry);
        var ops = new OpsEndpoints(name(), streams.readiness(), registry, config.access());
        var queries = new OrderQueries(streams.streams(), self);
        StuckOrderGauges.bindTo(registry, queries, Clock.systemUTC());
        ReconciliationGauges.bindTo(registry, queries);
        var routes = new OrderRoutes(queries, config.access());
        http = Javalin.create(javalin -> {
            config.server().applyTo(javalin);
            ops.install(javalin);
            routes.install(javalin);
        });
        http.start(config.port());
        streams.start();
    }

    @Override
    public String url() {
        return "http://" + config.advertisedHost() + ":" + config.port();
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();
        }
        if (streams != null) {
            streams.close();
        }
    }
}
