package com.tally.platform;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/**
 * The endpoints every service answers on its own port: {@code /health} (the process is up),
 * {@code /ready} (it can do its work: its Kafka Streams instance is RUNNING or its producer is
 * connected) and {@code /metrics} (Prometheus text). The first two stay open, for load balancers
 * and orchestrators that hold no token; {@code /metrics} needs an operator token only when
 * {@code TALLY_METRICS_PROTECTED=true}.
 */
public final class OpsEndpoints {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final String service;
    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;
    private final Access access;

    public OpsEndpoints(String service, Readiness readiness, PrometheusMeterRegistry registry, Access access) {
        this.service = service;
        this.readiness = readiness;
        this.registry = registry;
        this.access = access;
    }

    /** Adds the ops routes and Tally's JSON mapping to a Javalin configuration. */
    public void install(JavalinConfig config) {
        config.jsonMapper(TallyJson.forJavalin());
        config.startup.showJavalinBanner = false;
        config.routes.get("/health", this::health);
        config.routes.get("/ready", this::ready);
        config.routes.get("/metrics", access.metricsProtected() ? access.operator(this::metrics) : this::metrics);
    }

    private void health(Context ctx) {
        ctx.json(Map.of("service", service, "status", "UP"));
    }

    private void ready(Context ctx) {
        Readiness.Status status = readiness.check();
        ctx.status(status.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("service", service, "ready", status.ready(), "detail", status.detail()));
    }

    private void metrics(Context ctx) {
        ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape());
    }
}
