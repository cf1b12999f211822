package com.tally.console.lag;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The live lag, as server-sent events: every page connected gets the latest reading at once and
 * each new one as the sampler makes it (event {@code lag}, the JSON of {@code GET /api/lag}).
 */
public final class LagEvents {

    static final String EVENT = "lag";

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final Supplier<LagSnapshot> latest;

    public LagEvents(Supplier<LagSnapshot> latest) {
        this.latest = latest;
    }

    /** A page connected: it stays connected until it leaves, and starts from the latest reading. */
    void connect(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendEvent(EVENT, latest.get());
    }

    public void publish(LagSnapshot snapshot) {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendEvent(EVENT, snapshot);
            }
        }
    }

    int connected() {
        return clients.size();
    }
}
