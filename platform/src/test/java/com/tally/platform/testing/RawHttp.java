package com.tally.platform.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 over a plain socket, for the requests an HTTP client will not send: a body that stops
 * half-way, headers that never end, headers far beyond any server's limit.
 */
public final class RawHttp {

    /** What came back: the status (0 when nothing did), the body, and whether and when the server closed the connection. */
    public record Answer(int status, String body, boolean closed, Duration elapsed) {

        /** Fails unless the server closed the connection once the idle timeout had passed, and not long after. */
        public void assertClosedAfter(Duration idleTimeout) {
            if (!closed) {
                throw new AssertionError("the connection is still open after " + elapsed);
            }
            // less the timer's granularity; the slack after it is for a busy machine
            if (elapsed.compareTo(idleTimeout.minusMillis(100)) < 0 || elapsed.compareTo(idleTimeout.plusSeconds(10)) >= 0) {
                throw new AssertionError("closed after " + elapsed + ", not just after the idle timeout of " + idleTimeout);
            }
        }
    }

    private RawHttp() {
    }

    /**
     * Writes {@code head} (request line and headers, as given) and then {@code bodyPart}, and reads
     * until the server closes the connection or {@code patience} has passed without a byte.
     */
    public static Answer send(int port, String head, byte[] bodyPart, Duration patience) throws IOException {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) patience.toMillis());
            long start = System.nanoTime();
            var out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(bodyPart);
                out.flush();
            } catch (IOException refusedMidway) {
                // the server answered and closed before taking all of it (an oversized header): read its answer
            }
            var read = new ByteArrayOutputStream();
            boolean closed;
            try {
                socket.getInputStream().transferTo(read);
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                closed = false;
            } catch (IOException reset) {
                // a server that closes while the client is still sending may reset the connection
                closed = true;
            }
            var elapsed = Duration.ofNanos(System.nanoTime() - start);
            String text = read.toString(StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
            int bodyStart = text.indexOf("\r\n\r\n");
            return new Answer(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4), closed, elapsed);
        }
    }
}
