package com.tally.fulfillment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stripe's {@code POST /v1/refunds} on a real port: records every call, answers each order's calls
 * as a test scripts them (200 with a new {@code re_…} refund by default), and honours
 * {@code Idempotency-Key} like Stripe: a key that made a refund gets that refund again.
 */
final class TestStripe implements AutoCloseable {

    /** One call as Stripe received it. */
    record Call(String idempotencyKey, String authorization, String contentType, Map<String, String> form) {
        String orderId() {
            return form.getOrDefault("metadata[order_id]", "");
        }
    }

    record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<Reply>> replies = new ConcurrentHashMap<>();
    /** Refunds by idempotency key. */
    private final Map<String, String> refunds = new ConcurrentHashMap<>();

    TestStripe() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setExecutor(threads);
        server.createContext("/v1/refunds", this::answer);
        server.start();
    }

    URI apiUrl() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    /** The order's next calls get these answers, in order; the calls after them the default. */
    void reply(String orderId, Reply... script) {
        replies.put(orderId, new ConcurrentLinkedQueue<>(List.of(script)));
    }

    List<Call> callsFor(String orderId) {
        return calls.stream().filter(call -> call.orderId().equals(orderId)).toList();
    }

    String refundFor(String idempotencyKey) {
        return refunds.get(idempotencyKey);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            var headers = exchange.getRequestHeaders();
            var call = new Call(headers.getFirst("Idempotency-Key"), headers.getFirst("Authorization"), headers.getFirst("Content-Type"),
                    form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            calls.add(call);
            String known = call.idempotencyKey() == null ? null : refunds.get(call.idempotencyKey());
            if (known != null) {
                send(exchange, 200, refund(known));
                return;
            }
            Reply reply = replies.getOrDefault(call.orderId(), new ArrayDeque<>()).poll();
            if (reply != null && reply.status() / 100 != 2) {
                send(exchange, reply.status(), reply.body());
                return;
            }
            String id = refunds.computeIfAbsent(call.idempotencyKey(), key -> "re_" + (refunds.size() + 1) + "_" + call.orderId());
            send(exchange, 200, refund(id));
        }
    }

    private static Map<String, String> form(String body) {
        var fields = new LinkedHashMap<String, String>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static String refund(String id) {
        return "{\"id\":\"" + id + "\",\"object\":\"refund\",\"status\":\"pending\"}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
