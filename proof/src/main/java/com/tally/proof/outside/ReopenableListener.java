package com.tally.proof.outside;

import com.tally.platform.ServerLimits;
import com.tally.platform.TallyJson;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.util.JavalinBindException;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP listener of a stand-in, which can be closed and opened again on the same port: a
 * system that goes down refuses new connections and drops open ones, and comes back where its
 * callers knew it.
 */
public final class ReopenableListener {

    private final String who;
    private final String portOption;
    private final Consumer<JavalinConfig> routes;
    private Javalin http;
    private int port;

    /**
     * @param who        the stand-in as its messages name it, e.g. {@code warehouse simulator}
     * @param portOption the option of {@code ./tally run} that gives it another port
     * @param routes     adds the stand-in's routes
     */
    public ReopenableListener(String who, String portOption, Consumer<JavalinConfig> routes) {
        this.who = who;
        this.portOption = portOption;
        this.routes = routes;
    }

    /** Starts listening. @return the port it listens on: a free one when asked for port 0 */
    public int start(int requestedPort) {
        http = Javalin.create(this::configure);
        try {
            http.start(requestedPort);
        } catch (JavalinBindException e) {
            throw new IllegalStateException("the " + who + " cannot listen on port " + requestedPort + ", another process has it:"
                    + " stop that process, or give the simulator another port (./tally run " + portOption + ")", e);
        }
        port = http.port();
        return port;
    }

    private void configure(JavalinConfig javalin) {
        javalin.jsonMapper(TallyJson.forJavalin());
        javalin.startup.showJavalinBanner = false;
        // its limits and its refusals as JSON, like the services'; and a held answer may wait past the idle timeout
        new ServerLimits(Duration.ofSeconds(30), 500).applyTo(javalin);
        routes.accept(javalin);
    }

    /** Opens the listener again, or closes it (new connections are refused, open ones are closed). */
    public void listening(boolean on) {
        var connector = (ServerConnector) http.jettyServer().server().getConnectors()[0];
        try {
            if (on) {
                // the port it had: a test's port 0 became a real one at start, and callers know that one
                connector.setPort(port);
                connector.start();
            } else {
                connector.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the " + who + " could not " + (on ? "open" : "close") + " its listener on port " + port
                    + ": " + e.getMessage(), e);
        }
    }

    public void stop() {
        if (http != null) {
            http.stop();
        }
    }
}
