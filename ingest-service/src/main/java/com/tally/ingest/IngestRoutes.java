package com.tally.ingest;

import com.tally.platform.OpsEndpoints;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * Every route ingest-service answers, in one place. Anything else gets Javalin's own not-found
 * answer.
 */
final class IngestRoutes {

    private final WebhookHandler webhooks;
    private final OrderPlacement orders;
    private final OpsEndpoints ops;

    IngestRoutes(WebhookHandler webhooks, OrderPlacement orders, OpsEndpoints ops) {
        this.webhooks = webhooks;
        this.orders = orders;
        this.ops = ops;
    }

    void install(JavalinConfig javalin) {
        // POST /webhooks/{provider} is a Jetty core handler ahead of Javalin's servlet, not a Javalin route: its answer
        // is written straight from the Kafka ack callback, where a route would take every webhook through the servlet
        // layer's asynchronous cycle (startAsync, Javalin's future, complete, a second dispatch) and pay its CPU each
        // time. WebhookHandler matches the path as Javalin matched the route and passes every other request on.
        javalin.jetty.modifyServer(server -> serveBeforeJavalin(server, webhooks));
        javalin.routes.post("/orders", orders::place);
        // GET /health, GET /ready, GET /metrics
        ops.install(javalin);
    }

    /**
     * Puts {@code handler} in front of Javalin on {@code server}: first in a sequence inside the
     * wrappers the server already has, so those (Javalin's request statistics) still see every
     * request. When Javalin starts it appends its servlet to that same sequence, so a request
     * the handler declines (returns false for) goes on to Javalin.
     */
    static void serveBeforeJavalin(Server server, Handler handler) {
        Handler.Singleton innermost = server;
        while (innermost.getHandler() instanceof Handler.Singleton wrapper) {
            innermost = wrapper;
        }
        innermost.setHandler(new Handler.Sequence(handler));
    }
}
