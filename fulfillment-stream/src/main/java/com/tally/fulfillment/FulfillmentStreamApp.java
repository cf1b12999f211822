package com.tally.fulfillment;

import com.tally.platform.KafkaDefaults;
import com.tally.platform.KeyedLookup;
import com.tally.platform.OpsEndpoints;
import com.tally.platform.Readiness;
import com.tally.platform.ServiceLauncher;
import com.tally.platform.ServiceMetrics;
import com.tally.platform.StreamsLifecycle;
import com.tally.platform.TallyService;
import com.tally.platform.TopicProvisioner;
import io.javalin.Javalin;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * fulfillment-stream: the saga (a Kafka Streams app), the dispatcher that calls the warehouse and
 * the one that asks the payment processor for refunds (each a transactional consumer and
 * producer: compensation belongs to the saga's side), and their HTTP port (saga queries and ops
 * endpoints).
 */
public final class FulfillmentStreamApp implements TallyService {

    /** The Kafka Streams application ID: it names the consumer group, the internal topics and the dead-letter topic. */
    public static final String APPLICATION_ID = "fulfillment-stream";
    /** The saga and the two dispatchers: each has its own dead-letter topic. */
    public static final List<String> DEAD_LETTER_OWNERS = List.of(APPLICATION_ID, WarehouseDispatcher.GROUP_ID, RefundDispatcher.GROUP_ID);

    private final FulfillmentConfig config;
    private StreamsLifecycle streams;
    private WarehouseDispatcher dispatcher;
    private RefundDispatcher refunds;
    private Javalin http;

    public FulfillmentStreamApp(FulfillmentConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        var app = new FulfillmentStreamApp(FulfillmentConfig.fromEnv(System.getenv()));
        TopicProvisioner.provision(app.config.kafka(), TopicProvisioner.tallyTopics(DEAD_LETTER_OWNERS));
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
        streams = new StreamsLifecycle(FulfillmentTopology.build(settings, config.retry(), registry), settings, registry);
        dispatcher = new WarehouseDispatcher(config, registry);
        refunds = new RefundDispatcher(config.kafka(), config.instanceId(), config.refunds(), registry);
        var ops = new OpsEndpoints(name(), Readiness.allOf(streams.readiness(), dispatcher.readiness(), refunds.readiness()), registry,
                config.access());
        var routes = new SagaRoutes(new KeyedLookup<>(streams.streams(), self, StoreNames.SAGAS,
                orderId -> "/fulfillment/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8) + "?local=true", APPLICATION_ID), config.access());
        http = Javalin.create(javalin -> {
            config.server().applyTo(javalin);
            ops.install(javalin);
            routes.install(javalin);
        });
        http.start(config.port());
        streams.start();
        dispatcher.start();
        refunds.start();
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
        if (refunds != null) {
            refunds.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (streams != null) {
            streams.close();
        }
    }
}
