package com.tally.notification;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only SMTP front for GreenMail, which takes mail for any address: it passes every line
 * through, except a {@code RCPT TO} for an address starting with {@code rejectedPrefix}, which it
 * answers itself with 550, as a server does for an unknown mailbox. GreenMail does not offer
 * PIPELINING, so the client waits for each reply and an answer made here cannot overtake one of
 * GreenMail's. With GreenMail stopped it closes each connection at once, before any greeting.
 */
final class RejectingSmtpFront implements AutoCloseable {

    private final ServerSocket listener;
    private final int backendPort;
    private final String rejectedPrefix;
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    RejectingSmtpFront(int backendPort, String rejectedPrefix) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.backendPort = backendPort;
        this.rejectedPrefix = rejectedPrefix.toLowerCase(Locale.ROOT);
        var acceptor = new Thread(this::accept, "smtp-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The RCPT commands answered 550 here. */
    List<String> rejected() {
        return List.copyOf(rejected);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                Socket server;
                try {
                    server = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                open.add(server);
                OutputStream toClient = client.getOutputStream();
                start(() -> copy(server.getInputStream(), toClient, client));
                start(() -> filter(new java.io.BufferedInputStream(client.getInputStream()), server.getOutputStream(), toClient, server));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private static void start(IoTask task) {
        var thread = new Thread(() -> {
            try {
                task.run();
            } catch (IOException e) {
                // the other side went away
            }
        }, "smtp-front-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void copy(InputStream from, OutputStream to, Socket closeAtEnd) throws IOException {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = from.read(buffer)) >= 0) {
            synchronized (to) {
                to.write(buffer, 0, read);
                to.flush();
            }
        }
        closeAtEnd.close();
    }

    private void filter(InputStream fromClient, OutputStream toServer, OutputStream toClient, Socket closeAtEnd) throws IOException {
        boolean inData = false;
        byte[] line;
        while ((line = readLine(fromClient)) != null) {
            String text = new String(line, StandardCharsets.ISO_8859_1).strip();
            String upper = text.toUpperCase(Locale.ROOT);
            if (!inData && upper.startsWith("RCPT TO:") && text.toLowerCase(Locale.ROOT).contains("<" + rejectedPrefix)) {
                rejected.add(text);
                synchronized (toClient) {
                    toClient.write("550 5.1.1 no such mailbox here\r\n".getBytes(StandardCharsets.US_ASCII));
                    toClient.flush();
                }
                continue;
            }
            toServer.write(line);
            toServer.flush();
            if (!inData && upper.equals("DATA")) {
                inData = true;
            } else if (inData && text.equals(".")) {
                inData = false;
            }
        }
        closeAtEnd.close();
    }

    /** One line with its CRLF, or null at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;
    }
}
