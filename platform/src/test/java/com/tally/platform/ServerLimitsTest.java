package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.testing.RawHttp;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerLimitsTest {

    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final String HEADER_LIMIT_ERROR = "{\"error\":\"the request line and headers are larger than the 16384 bytes"
            + " Tally accepts: send fewer or shorter headers\"}";
    private static final byte[] NOTHING = new byte[0];

    private Javalin server;

    private int serve(ServerLimits limits) {
        server = Javalin.create(javalin -> {
            limits.applyTo(javalin);
            javalin.routes.post("/echo", ctx -> ctx.result("read " + ctx.bodyAsBytes().length + " bytes"));
            javalin.routes.get("/slow", ctx -> {
                Thread.sleep(IDLE.toMillis() * 2);
                ctx.result("done");
            });
        }).start(0);
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void headersOf200KilobytesAreAnswered431WithTheLimit() throws Exception {
        int port = serve(new ServerLimits(IDLE, 10));

        var answer = RawHttp.send(port, "POST /echo HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(200 * 1024)
                + "\r\nContent-Length: 0\r\n\r\n", NOTHING, Duration.ofSeconds(10));

        assertEquals(431, answer.status());
        assertEquals(HEADER_LIMIT_ERROR, answer.body());
        assertTrue(answer.closed());
    }

    @Test
    void headersUnderTheLimitAreServedThoughLargerThanJettysDefault() throws Exception {
        int port = serve(new ServerLimits(IDLE, 10));

        var answer = RawHttp.send(port, "POST /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Padding: " + "a".repeat(12 * 1024)
                + "\r\nContent-Length: 2\r\n\r\n", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));

        assertEquals(200, answer.status());
        assertEquals("read 2 bytes", answer.body());
    }

    @Test
    void bodyThatNeverFinishesIsAnswered408AndClosedAfterTheIdleTimeout() throws Exception {
        int port = serve(new ServerLimits(IDLE, 10));

        var answer = RawHttp.send(port, "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n",
                "{\"orderId\":".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(15));

        assertEquals(408, answer.status());
        assertEquals("{\"error\":\"the request did not arrive in full before the connection fell idle (TALLY_HTTP_IDLE_TIMEOUT):"
                + " send it again without pausing\"}", answer.body());
        answer.assertClosedAfter(IDLE);
    }

    @Test
    void headersThatNeverFinishAreClosedAfterTheIdleTimeoutUnanswered() throws Exception {
        int port = serve(new ServerLimits(IDLE, 10));

        var answer = RawHttp.send(port, "POST /echo HTTP/1.1\r\nHost: localhost\r\n", NOTHING, Duration.ofSeconds(15));

        assertEquals(0, answer.status());
        answer.assertClosedAfter(IDLE);
    }

    @Test
    void slowAnswerIsNotCutShortByTheIdleTimeout() throws Exception {
        int port = serve(new ServerLimits(IDLE, 10));

        var answer = RawHttp.send(port, "GET /slow HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", NOTHING, Duration.ofSeconds(15));

        assertEquals(200, answer.status());
        assertEquals("done", answer.body());
    }

    @Test
    void connectionBeyondTheLimitWaitsUntilAnotherCloses() throws Exception {
        int port = serve(new ServerLimits(Duration.ofSeconds(30), 2));
        try (var first = keptAlive(port); var second = keptAlive(port); var third = new Socket("localhost", port)) {
            third.setSoTimeout(500);
            third.getOutputStream().write(request().getBytes(StandardCharsets.ISO_8859_1));

            assertThrows(SocketTimeoutException.class, () -> third.getInputStream().read(), "answered while two connections are open");

            first.close();
            third.setSoTimeout(10_000);
            assertTrue(statusLine(third).startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void settingsHaveTheirDefaultsAndAreRead() {
        assertEquals(new ServerLimits(Duration.ofSeconds(30), 500), ServerLimits.fromEnv(Env.of(Map.of())));
        assertEquals(new ServerLimits(Duration.ofSeconds(75), 2000),
                ServerLimits.fromEnv(Env.of(Map.of(ServerLimits.IDLE_TIMEOUT, "PT75S", ServerLimits.MAX_CONNECTIONS, "2000"))));
    }

    @Test
    void wrongSettingsAreReportedTogether() {
        var env = Env.of(Map.of(ServerLimits.IDLE_TIMEOUT, "30", ServerLimits.MAX_CONNECTIONS, "0"));
        ServerLimits.fromEnv(env);

        var failure = assertThrows(Env.ConfigException.class, env::check);

        assertEquals(2, failure.problems().size(), failure.getMessage());
        assertTrue(failure.problems().get(0).startsWith("TALLY_HTTP_IDLE_TIMEOUT=30 is not an ISO-8601 duration"), failure.getMessage());
        assertTrue(failure.problems().get(1).startsWith("TALLY_HTTP_MAX_CONNECTIONS=0 is out of range"), failure.getMessage());
    }


    private static String request() {
        return "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}";
    }

    /** A connection that has been served once and stays open. */
    private static Socket keptAlive(int port) throws IOException {
        var socket = new Socket("localhost", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(request().getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(statusLine(socket).startsWith("HTTP/1.1 200"));
        return socket;
    }

    private static String statusLine(Socket socket) throws IOException {
        var line = new StringBuilder();
        int c;
        while ((c = socket.getInputStream().read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
