package com.tally.console.lag;

import com.tally.platform.Access;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.util.Map;

/**
 * Operators only: {@code GET /api/lag}, the latest sampling of every group, as JSON;
 * {@code GET /api/lag/events}, the same live as server-sent events; {@code GET /api/lag/trend},
 * each group's total lag and lag in time over the last {@link LagMonitor#TREND_SPAN}.
 */
public final class LagRoutes {

    private final LagMonitor monitor;
    private final LagEvents events;
    private final Access access;

    public LagRoutes(LagMonitor monitor, LagEvents events, Access access) {
        this.monitor = monitor;
        this.events = events;
        this.access = access;
    }

    public void install(JavalinConfig config) {
        config.routes.get("/api/lag", access.operator(this::lag));
        config.routes.get("/api/lag/events", access.operator(new SseHandler(events::connect)));
        config.routes.get("/api/lag/trend", access.operator(this::trend));
    }

    private void trend(Context ctx) {
        ctx.json(Map.of("span", LagMonitor.TREND_SPAN.toString(), "groups", monitor.trend()));
    }

    private void lag(Context ctx) {
        ctx.json(monitor.latest());
    }
}
