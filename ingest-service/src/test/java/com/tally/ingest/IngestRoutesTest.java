package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class IngestRoutesTest {

    private static final Handler DECLINES_EVERYTHING = new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            return false;
        }
    };

    @Test
    void handlerServedBeforeJavalinGoesInsideTheServersStatisticsSoTheyStillSeeEveryRequest() {
        var server = new Server();
        var statistics = new StatisticsHandler();
        server.setHandler(statistics);

        IngestRoutes.serveBeforeJavalin(server, DECLINES_EVERYTHING);

        assertSame(statistics, server.getHandler());
        var sequence = assertInstanceOf(Handler.Sequence.class, statistics.getHandler(), "Javalin appends its servlet to this sequence");
        assertEquals(List.of(DECLINES_EVERYTHING), sequence.getHandlers());
    }

    @Test
    void onAServerWithNoWrapperTheSequenceIsTheServersHandler() {
        var server = new Server();

        IngestRoutes.serveBeforeJavalin(server, DECLINES_EVERYTHING);

        assertEquals(List.of(DECLINES_EVERYTHING), assertInstanceOf(Handler.Sequence.class, server.getHandler()).getHandlers());
    }
}
