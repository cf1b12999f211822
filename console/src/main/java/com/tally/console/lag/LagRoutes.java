package com.tally.console.lag;

import com.tally.platform.Access;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** {@code GET /api/lag}, operators only: the latest sampling of every group, as JSON. */
public final class LagRoutes {

    private final LagMonitor monitor;
    private final Access access;

    public LagRoutes(LagMonitor monitor, Access access) {
        this.monitor = monitor;
        this.access = access;
    }

    public void install(JavalinConfig config) {
        config.routes.get("/api/lag", access.operator(this::lag));
    }

    private void lag(Context ctx) {
        ctx.json(monitor.latest());
    }
}
