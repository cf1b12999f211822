package com.tally.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A port nothing listens on now, for a server that must know its port before it starts. */
public final class FreePort {

    /**
     * Every port handed out in this JVM, never handed out again: a port is free again the moment
     * its probe socket closes, so two picks before either server binds could get the same one (a
     * broker once got one port for both of its listeners and would not start).
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    public static int pick() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = probe();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("the system kept offering ports this JVM already handed out: are ephemeral ports exhausted?");
    }

    private static int probe() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
