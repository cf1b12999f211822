package com.tally.console;

import com.tally.console.lag.LagEvents;
import com.tally.console.lag.LagMetrics;
import com.tally.console.lag.LagMonitor;
import com.tally.console.lag.LagReader;
import com.tally.console.lag.LagRoutes;
import com.tally.console.lag.LagSampler;
import com.tally.console.lag.OldestUnconsumed;
import com.tally.console.orders.OrderRoutes;
import com.tally.console.page.ConsolePage;
import com.tally.console.records.RecordRoutes;
import com.tally.console.records.TopicTail;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.OpsEndpoints;
import com.tally.platform.ServiceLauncher;
import com.tally.platform.ServiceMetrics;
import com.tally.platform.TallyService;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/**
 * console: the operations page and its server. It reads every consumer group's lag from the cluster
 * (offsets and time), judges each by the status rules, and serves it as JSON and as Prometheus
 * gauges; it serves the latest alerts, every app's dead letters, and one order's timeline across the
 * services (asked of each service over HTTP). It writes nothing to Kafka.
 */
public final class ConsoleApp implements TallyService {

    public static final String NAME = "console";
    /** The longest one Kafka call of a sampling may take before it is reported as failed. */
    private static final Duration KAFKA_WAIT = Duration.ofSeconds(10);

    private final ConsoleConfig config;
    private Admin admin;
    private OldestUnconsumed oldest;
    private TopicTail tail;
    private LagSampler sampler;
    private Javalin http;

    public ConsoleApp(ConsoleConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        ServiceLauncher.runUntilStopped(ServiceLauncher.startAll(List.of(new ConsoleApp(ConsoleConfig.fromEnv(System.getenv())))));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        var registry = ServiceMetrics.registry(name());
        admin = Admin.create(KafkaDefaults.admin(config.kafka()));
        oldest = new OldestUnconsumed(config.kafka(), KAFKA_WAIT);
        tail = new TopicTail(config.kafka(), KAFKA_WAIT);
        var monitor = new LagMonitor(new LagReader(admin, KAFKA_WAIT), oldest, config.lagWindow(), Clock.systemUTC());
        var events = new LagEvents(monitor::latest);
        sampler = new LagSampler(monitor, new LagMetrics(registry), events, config.lagInterval());
        var ops = new OpsEndpoints(name(), sampler.readiness(), registry, config.access());
        http = Javalin.create(javalin -> {
            config.server().applyTo(javalin);
            ops.install(javalin);
            new LagRoutes(monitor, events, config.access()).install(javalin);
            new RecordRoutes(tail, config.access()).install(javalin);
            new OrderRoutes(config.services(), config.access(), Clock.systemUTC()).install(javalin);
            new ConsolePage(config.access()).install(javalin);
        });
        http.start(config.port());
        sampler.start();
    }

    @Override
    public String url() {
        return "http://localhost:" + config.port();
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();
        }
        if (sampler != null) {
            sampler.close();
        }
        if (oldest != null) {
            oldest.close();
        }
        if (tail != null) {
            tail.close();
        }
        if (admin != null) {
            admin.close(KAFKA_WAIT);
        }
    }
}
