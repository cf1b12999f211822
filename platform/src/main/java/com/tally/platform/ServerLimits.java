package com.tally.platform;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What one client may take of a service's HTTP server, set on Jetty under Javalin so it holds
 * for every handler on the port, Javalin's routes and ingest's webhook handler in front of them
 * alike: the size of a request's headers (beyond it, 431), how long a connection may sit without
 * a byte moving (then it is closed, so a client that never finishes its body or its headers is
 * dropped), and how many connections are open at once (beyond it, new ones wait in the
 * operating system's queue until one closes, rather than each costing a file and buffers).
 *
 * <p>The idle timeout and the connection limit are settings, because they depend on what stands
 * in front of a service: the idle timeout must outlast a load balancer's keep-alive, or the
 * balancer reuses connections the service has just closed; the connection limit follows the
 * process's file limit. The header limit is a constant: it depends only on what Tally's own
 * clients send.
 */
public record ServerLimits(Duration idleTimeout, int maxConnections) {

    public static final String IDLE_TIMEOUT = "TALLY_HTTP_IDLE_TIMEOUT";
    public static final String MAX_CONNECTIONS = "TALLY_HTTP_MAX_CONNECTIONS";

    /**
     * The request line and every header together. Tally's clients send a few short headers (a
     * signature, a token, forwarding headers); twice Jetty's default leaves room for a proxy that
     * forwards a client certificate, and a request beyond it is no client of Tally's.
     */
    public static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;

    private static final String STALLED = "the request did not arrive in full before the connection fell idle (" + IDLE_TIMEOUT
            + "): send it again without pausing";

    public static ServerLimits fromEnv(Env env) {
        // Jetty's own default: long enough for any request Tally answers (they wait at most a few seconds
        // for Kafka or a peer), short enough that an abandoned connection is soon given back
        Duration idleTimeout = env.duration(IDLE_TIMEOUT, Duration.ofSeconds(30));
        // well above the connections a shop, a few processors and the operators keep open, and below
        // the common per-process file limit of 1024 that the Kafka clients and state stores share
        int maxConnections = env.integer(MAX_CONNECTIONS, 500, 1, 1_000_000);
        return new ServerLimits(idleTimeout, maxConnections);
    }

    /** Sets the limits on the server a Javalin configuration creates. */
    public void applyTo(JavalinConfig javalin) {
        javalin.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
            // while a request is being handled; the connector's timeout below covers the rest of its life
            http.setIdleTimeout(idleTimeout.toMillis());
        });
        // the connector Javalin would make, plus its idle timeout: Javalin makes its own only when none is given,
        // and reads the host and port at start, so this one does too
        javalin.jetty.addConnector((server, http) -> {
            var connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(javalin.jetty.host);
            connector.setPort(javalin.jetty.port);
            connector.setIdleTimeout(idleTimeout.toMillis());
            return connector;
        });
        javalin.jetty.modifyServer(server -> {
            server.addBean(new NetworkConnectionLimit(maxConnections, server));
            server.setErrorHandler(new JsonRefusals());
            server.setHandler(new IdleOnlyWhileWaitingOnTheClient(server.getHandler()));
        });
        // Javalin answers a route whose body read timed out itself, 408 with no body; this gives it the same words
        javalin.routes.error(HttpStatus.REQUEST_TIMEOUT_408, "*", ctx -> ctx.json(Map.of("error", STALLED)));
    }

    /**
     * Jetty fails a request whose connection stays idle while its handler works on the answer,
     * when no read or write is pending. Tally's handlers wait on Kafka or a peer with timeouts of
     * their own, so the idle timeout is only for a client that falls silent: a pending read or
     * write still fails at it (a stalled body gets its 408), anything else is left to finish.
     */
    private static final class IdleOnlyWhileWaitingOnTheClient extends Handler.Wrapper {
        IdleOnlyWhileWaitingOnTheClient(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            request.addIdleTimeoutListener(timeout -> false);
            return super.handle(request, response, callback);
        }
    }

    /**
     * Jetty's answers to requests it refuses before any handler sees them (an oversized header,
     * a request that stalls, a malformed one), as JSON like every other answer of Tally's, with
     * what to do instead of Jetty's HTML page.
     */
    private static final class JsonRefusals extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                        Callback callback) throws IOException {
            if (idleTimedOut(cause)) {
                // a handler reading the body failed because the client fell silent: the client's fault, not the server's
                // (Tally's handlers answer their own waits, on Kafka or a peer, so an uncaught timeout is the read's)
                status = HttpStatus.REQUEST_TIMEOUT_408;
                response.setStatus(status);
            }
            String error = switch (status) {
                case 414, 431 -> "the request line and headers are larger than the " + MAX_REQUEST_HEADER_BYTES
                        + " bytes Tally accepts: send fewer or shorter headers";
                case 408 -> STALLED;
                default -> status >= 500
                        // the message would be an exception's, which is for the log, not for the client
                        ? "the service failed on this request: send it again, and tell Tally's operators if it keeps failing"
                        : message != null ? message : HttpStatus.getMessage(status);
            };
            byte[] json = TallyJson.mapper().writeValueAsBytes(Map.of("error", error));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
            response.write(true, ByteBuffer.wrap(json), callback);
        }

        private static boolean idleTimedOut(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof TimeoutException) {
                    return true;
                }
            }
            return false;
        }
    }
}
