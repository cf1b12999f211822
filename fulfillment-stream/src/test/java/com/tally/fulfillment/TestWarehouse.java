package com.tally.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.tally.platform.TallyJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A warehouse that keeps the contract of docs/WAREHOUSE.md on a real port: it records every call,
 * answers each order as a test scripts it (201 with a shipment by default), and honours
 * {@code Idempotency-Key}: a second call with a key it accepted gives the first answer and no new
 * shipment. It can hold the answer to an order's first call until released, having created the
 * shipment already: a dispatcher that dies meanwhile has had its call acted on but never heard back.
 */
final class TestWarehouse implements AutoCloseable {

    /** One call as the warehouse received it. */
    record Call(String idempotencyKey, String attempt, String contentType, JsonNode body) {
        String orderId() {
            return body.path("orderId").asText();
        }
    }

    /** A scripted answer, given after {@code delay}. */
    record Reply(int status, String body, Duration delay) {
        static Reply of(int status, String body) {
            return new Reply(status, body, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    /** Shipments by idempotency key: what a repeated key is answered with. */
    private final Map<String, String> shipments = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

    TestWarehouse() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setExecutor(threads);
        server.createContext("/shipments", this::answer);
        server.start();
    }

    URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/shipments");
    }

    void reply(String orderId, Reply reply) {
        replies.put(orderId, reply);
    }

    /** The order's first call creates its shipment, then waits for {@link #release} before answering. */
    void holdFirstCall(String orderId) {
        held.put(orderId, new CountDownLatch(1));
    }

    void release(String orderId) {
        CountDownLatch latch = held.get(orderId);
        if (latch != null) {
            latch.countDown();
        }
    }

    List<Call> callsFor(String orderId) {
        return calls.stream().filter(call -> call.orderId().equals(orderId)).toList();
    }

    int callCount() {
        return calls.size();
    }

    long shipmentsFor(String orderId) {
        return callsFor(orderId).stream().map(Call::idempotencyKey).distinct().filter(shipments::containsKey).count();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            var headers = exchange.getRequestHeaders();
            JsonNode body = TallyJson.mapper().readTree(exchange.getRequestBody().readAllBytes());
            var call = new Call(headers.getFirst("Idempotency-Key"), headers.getFirst("Tally-Attempt"), headers.getFirst("Content-Type"), body);
            calls.add(call);
            String known = call.idempotencyKey() == null ? null : shipments.get(call.idempotencyKey());
            if (known != null) {
                send(exchange, 201, shipment(known));
                return;
            }
            Reply reply = replies.getOrDefault(call.orderId(), Reply.of(201, null));
            if (reply.status() / 100 == 2) {
                shipments.putIfAbsent(call.idempotencyKey(), "shp_" + shipments.size());
            }
            CountDownLatch latch = held.get(call.orderId());
            if (latch != null) {
                latch.await(60, TimeUnit.SECONDS);
            }
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            send(exchange, reply.status(), reply.status() / 100 == 2 ? shipment(shipments.get(call.idempotencyKey())) : reply.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String shipment(String id) {
        return "{\"shipmentId\":\"" + id + "\"}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        held.values().forEach(CountDownLatch::countDown);
        server.stop(0);
        threads.shutdownNow();
    }
}
