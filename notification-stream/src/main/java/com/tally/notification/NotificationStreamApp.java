package com.tally.notification;

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
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * notification-stream: the outbox (a Kafka Streams app that decides which e-mails an order is
 * owed), the dispatcher that sends them over SMTP (a transactional consumer and producer), and
 * their HTTP port (notification queries and ops endpoints).
 */
public final class NotificationStreamApp implements TallyService {

    /** The Kafka Streams application ID: it names the consumer group, the internal topics and the dead-letter topic. */
    public static final String APPLICATION_ID = "notification-stream";
    /** The outbox and the dispatcher: each has its own dead-letter topic. */
    public static final List<String> DEAD_LETTER_OWNERS = List.of(APPLICATION_ID, NotificationDispatcher.GROUP_ID);

    private final NotificationConfig config;
    private StreamsLifecycle streams;
    private NotificationDispatcher dispatcher;
    private Javalin http;

    public NotificationStreamApp(NotificationConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        var app = new NotificationStreamApp(NotificationConfig.fromEnv(System.getenv()));
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
        streams = new StreamsLifecycle(NotificationTopology.build(settings, config.opsEmail(), registry), settings, registry);
        dispatcher = new NotificationDispatcher(config, registry);
        var ops = new OpsEndpoints(name(), Readiness.allOf(streams.readiness(), dispatcher.readiness()), registry, config.access());
        http = Javalin.create(javalin -> {
            config.server().applyTo(javalin);
            ops.install(javalin);
            new NotificationRoutes(new KeyedLookup<>(streams.streams(), self, StoreNames.VIEWS, NotificationRoutes::ownerPath, APPLICATION_ID),
                    config.access()).install(javalin);
        });
        http.start(config.port());
        streams.start();
        dispatcher.start();
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
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (streams != null) {
            streams.close();
        }
    }
}
