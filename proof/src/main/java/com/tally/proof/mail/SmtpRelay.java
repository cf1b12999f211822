package com.tally.proof.mail;

import com.tally.proof.outside.DaemonThreads;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay in front of an SMTP server that follows the conversation line by line and passes
 * every byte on as it came, except where its {@link Rules} step in: a recipient refused here
 * before the server hears of it, the server's reply to the end of a message held back. It can
 * stop listening and listen again on the same port, dropping the open sessions: an outage.
 *
 * <p>It reads one command and one reply at a time, as a client without PIPELINING talks (Jakarta
 * Mail's SMTP client is one); STARTTLS would hide the conversation and is not followed.
 */
final class SmtpRelay implements AutoCloseable {

    /** Where the relay steps into the conversation; by default it never does. */
    interface Rules {

        /** The reply (code and text, no line end) to a {@code RCPT TO} for {@code address} instead of passing it on; empty passes it. */
        default Optional<String> refuseRecipient(String address) {
            return Optional.empty();
        }

        /** Called with the server's reply to a message's final "." in hand, before the client gets it; it may block. */
        default void beforeEndOfDataReply() throws InterruptedException {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SmtpRelay.class);
    private static final Pattern RCPT_TO = Pattern.compile("RCPT TO:\\s*<([^>]*)>.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final String who;
    private final String upstreamHost;
    private final int upstreamPort;
    private final Rules rules;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;
    private Future<?> acceptor;
    private int port;

    /** @param who the relay as its messages and threads name it */
    SmtpRelay(String who, String upstreamHost, int upstreamPort, Rules rules) {
        this.who = who;
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.rules = rules;
        this.threads = Executors.newCachedThreadPool(DaemonThreads.named(who));
    }

    /** Listens on {@code requestedPort} (0: a free one). @return the port it listens on */
    synchronized int start(int requestedPort) {
        try {
            var socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(requestedPort));
            listener = socket;
        } catch (BindException e) {
            throw new IllegalStateException("the " + who + " cannot listen on port " + requestedPort
                    + ", another process has it: stop that process, or choose another port", e);
        } catch (IOException e) {
            throw new IllegalStateException("the " + who + " cannot listen on port " + requestedPort + ": " + e.getMessage(), e);
        }
        port = listener.getLocalPort();
        var accepting = listener;
        acceptor = threads.submit(() -> accept(accepting));
        return port;
    }

    /** Listens again on the port it had: a test's port 0 became a real one at the first start, and clients know that one. */
    synchronized void restart() {
        if (listener == null) {
            start(port);
        }
    }

    /** Stops listening and drops every open session; {@link #restart()} listens again. */
    synchronized void stop() {
        if (listener != null) {
            closeQuietly(listener);
            listener = null;
            awaitAcceptorGone();
        }
        open.forEach(SmtpRelay::closeQuietly);
        open.clear();
    }

    int port() {
        return port;
    }

    /**
     * A socket closed while a thread accepts on it stays open until that thread has left: until
     * then the port still takes connections, and an outage would not have begun.
     */
    private void awaitAcceptorGone() {
        try {
            acceptor.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{}: the thread accepting on port {} did not end: {}", who, port, e.toString());
        }
    }

    @Override
    public void close() {
        stop();
        threads.shutdownNow();
    }

    private void accept(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            try {
                Socket client = accepting.accept();
                if (accepting.isClosed()) {
                    // taken in the moment the relay stopped: a server going down drops it
                    closeQuietly(client);
                    return;
                }
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                return;   // closed: an outage or the end
            }
        }
    }

    private void relay(Socket client) {
        Socket server;
        try {
            server = new Socket(upstreamHost, upstreamPort);
            // SMTP is a conversation of short lines: waiting to fill packets (Nagle) against the peer's delayed ACKs stalls each exchange
            server.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            log.warn("{}: cannot reach the SMTP server at {}:{}: {}", who, upstreamHost, upstreamPort, e.getMessage());
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(server);
        try {
            var session = new Session(client.getOutputStream(), new BufferedOutputStream(server.getOutputStream()));
            threads.execute(() -> session.passReplies(server, client));
            session.passCommands(client, server);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /** One client's conversation: where it is (a command, a message's lines, a reply awaited), as both directions see it. */
    private final class Session {

        private final OutputStream toClient;
        private final OutputStream toServer;
        private volatile boolean dataAsked;
        private volatile boolean inMessage;
        private volatile boolean messageEnded;

        Session(OutputStream toClient, OutputStream toServer) {
            this.toClient = toClient;
            this.toServer = toServer;
        }

        void passCommands(Socket client, Socket server) {
            try (InputStream in = new BufferedInputStream(client.getInputStream())) {
                byte[] line;
                while ((line = readLine(in)) != null) {
                    if (inMessage) {
                        if (isEndOfMessage(line)) {
                            // set before the line goes on: the server's reply may come back before this thread runs again
                            inMessage = false;
                            messageEnded = true;
                        }
                    } else {
                        String command = new String(line, StandardCharsets.US_ASCII).trim();
                        Optional<String> refusal = refusal(command);
                        if (refusal.isPresent()) {
                            toClient(refusal.get().concat("\r\n").getBytes(StandardCharsets.US_ASCII));
                            continue;
                        }
                        if (command.toUpperCase(Locale.ROOT).equals("DATA")) {
                            dataAsked = true;
                        }
                    }
                    toServer.write(line);
                    if (in.available() == 0) {
                        toServer.flush();   // a message's lines go on as they came, not one write each
                    }
                }
            } catch (IOException e) {
                // the client went away or the relay stopped
            } finally {
                closeQuietly(client);
                closeQuietly(server);
                open.remove(client);
                open.remove(server);
            }
        }

        void passReplies(Socket server, Socket client) {
            try (InputStream in = new BufferedInputStream(server.getInputStream())) {
                var reply = new ByteArrayOutputStream();
                byte[] line;
                while ((line = readLine(in)) != null) {
                    reply.write(line);
                    if (isLastLineOfReply(line)) {
                        onReply(line);
                        toClient(reply.toByteArray());
                        reply.reset();
                    }
                }
            } catch (IOException e) {
                // the server went away or the relay stopped
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(client);
                closeQuietly(server);
            }
        }

        private void onReply(byte[] lastLine) throws InterruptedException {
            if (dataAsked) {
                dataAsked = false;
                // set before the 354 reaches the client: its message's lines come only after it
                inMessage = lastLine.length >= 3 && lastLine[0] == '3' && lastLine[1] == '5' && lastLine[2] == '4';
            } else if (messageEnded) {
                messageEnded = false;
                rules.beforeEndOfDataReply();
            }
        }

        private Optional<String> refusal(String command) {
            Matcher rcpt = RCPT_TO.matcher(command);
            return rcpt.matches() ? rules.refuseRecipient(rcpt.group(1)) : Optional.empty();
        }

        private void toClient(byte[] bytes) throws IOException {
            synchronized (toClient) {
                toClient.write(bytes);
                toClient.flush();
            }
        }
    }

    /** A line with its line end, as it came; null at the end of the stream (a last line without line end included). */
    static byte[] readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    /** A message's last line: "." alone (a line of the message starting with a dot comes with the dot doubled). */
    static boolean isEndOfMessage(byte[] line) {
        String text = new String(line, StandardCharsets.US_ASCII);
        return text.equals(".\r\n") || text.equals(".\n");
    }

    /** A reply's last line has a space (or nothing) after its code; the lines before it have a hyphen. */
    static boolean isLastLineOfReply(byte[] line) {
        return line.length < 4 || line[3] != '-';
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
