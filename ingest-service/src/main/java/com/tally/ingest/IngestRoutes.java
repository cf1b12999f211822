package com.tally.ingest;

import com.tally.ingest.reconciliation.ReportUpload;
import com.tally.platform.Access;
import com.tally.platform.OpsEndpoints;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * Every route ingest-service answers, and who may call it, in one place. Anything else gets
 * Javalin's own not-found answer.
 */
final class IngestRoutes {

    private final WebhookHandler webhooks;
    private final OrderPlacement orders;
    private final ReportUpload reports;
    private final OpsEndpoints ops;
    private final Access access;

    IngestRoutes(WebhookHandler webhooks, OrderPlacement orders, ReportUpload reports, OpsEndpoints ops, Access access) {
        this.webhooks = webhooks;
        this.orders = orders;
        this.reports = reports;
        this.ops = ops;
        this.access = access;
    }

    void install(JavalinConfig javalin) {
        // POST /webhooks/{provider} is a Jetty core handler ahead of Javalin's servlet, not a Javalin route: its answer
        // is written straight from the Kafka ack callback, where a route would take every webhook through the servlet
        // layer's asynchronous cycle (startAsync, Javalin's future, complete, a second dispatch) and pay its CPU each
        // time. WebhookHandler matches the path as Javalin matched the route and passes every other request on.
        // Providers hold no Tally token: a webhook is trusted for its signature alone.
        javalin.jetty.modifyServer(server -> serveBeforeJavalin(server, webhooks));
        javalin.routes.post("/orders", access.shop(orders::place));
        // an operator's upload, streamed: Javalin's request size limit applies to bodies read whole, not to this one,
        // which TALLY_RECONCILIATION_MAX_BYTES caps instead (the webhooks keep their own, far smaller, cap)
        javalin.routes.post("/reconciliation/reports/{provider}", access.operator(reports::upload));
        // GET /health, GET /ready (open), GET /metrics (open unless TALLY_METRICS_PROTECTED=true)
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
