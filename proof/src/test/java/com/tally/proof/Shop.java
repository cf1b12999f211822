package com.tally.proof;

import com.tally.ingest.stripe.StripeSignature;
import com.tally.order.OrderView;
import com.tally.platform.Access;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.Eventually;
import com.tally.proof.sim.StripeEventFactory;
import com.tally.proof.stack.StackEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A shop and its payment processor as tests see them: orders placed with the stack's shop token
 * and webhooks delivered over real HTTP; order-stream asked with the stack's operator token.
 */
final class Shop {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String ingestUrl;

    Shop(String ingestUrl) {
        this.ingestUrl = ingestUrl;
    }

    /** A webhook signed once, so delivering it again is a processor's retry of the same delivery. */
    record Webhook(String orderId, byte[] body, String signature) {
    }

    CompletableFuture<Integer> placeOrder(String orderId, long amount) {
        String body = "{\"orderId\":\"" + orderId + "\",\"customerEmail\":\"ada@example.com\",\"amount\":" + amount
                + ",\"currency\":\"EUR\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}";
        var request = HttpRequest.newBuilder(URI.create(ingestUrl + "/orders"))
                .header("Content-Type", "application/json").header("Idempotency-Key", orderId)
                .header("Authorization", Access.bearer(StackEnvironment.DEFAULT_SHOP_TOKEN))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    static Webhook paymentSucceeded(String orderId, long amount) {
        Instant now = Instant.now();
        byte[] body = StripeEventFactory.paymentIntentEvent("evt_" + orderId, "payment_intent.succeeded", "pi_" + orderId,
                orderId, amount, "EUR", now);
        return new Webhook(orderId, body, StripeSignature.sign(StackEnvironment.DEFAULT_STRIPE_SECRET, now.getEpochSecond(), body));
    }

    CompletableFuture<Integer> deliver(Webhook webhook) {
        var request = HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/stripe"))
                .header("Content-Type", "application/json").header("Stripe-Signature", webhook.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body())).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /** Fails unless every answer is {@code expected}. */
    static void assertAnswered(List<CompletableFuture<Integer>> sent, int expected) {
        for (var answer : sent) {
            int status = answer.join();
            if (status != expected) {
                throw new AssertionError("answered " + status + ", expected " + expected);
            }
        }
    }

    /** Sends one request per item, {@code parallel} at a time, like a processor with that many connections. */
    static <T> List<CompletableFuture<Integer>> inBatches(List<T> items, int parallel, Function<T, CompletableFuture<Integer>> send) {
        var sent = new ArrayList<CompletableFuture<Integer>>();
        for (int from = 0; from < items.size(); from += parallel) {
            var batch = items.subList(from, Math.min(items.size(), from + parallel)).stream().map(send).toList();
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
            sent.addAll(batch);
        }
        return sent;
    }

    static HttpResponse<String> get(String url) throws Exception {
        return get(url, Access.bearer(StackEnvironment.DEFAULT_OPERATOR_TOKEN));
    }

    /** @param authorization the {@code Authorization} header to send, or null for none */
    static HttpResponse<String> get(String url, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static OrderView order(String orderUrl, String orderId) throws Exception {
        var answer = Eventually.await(Duration.ofSeconds(30), "order " + orderId + " served by " + orderUrl,
                () -> get(orderUrl + "/orders/" + orderId), a -> a.statusCode() == 200);
        return TallyJson.mapper().readValue(answer.body(), OrderView.class);
    }

    /** Waits until every one of the orders is in {@code status}, asking again only about those that are not yet. */
    static void awaitStatus(String orderUrl, List<String> orderIds, String status) throws Exception {
        var waiting = new ArrayList<>(orderIds);
        Eventually.await(Duration.ofSeconds(90), "orders " + status + " (" + orderIds.size() + " of them)", () -> {
            var stillWaiting = new ArrayList<String>();
            for (String orderId : waiting) {
                var answer = get(orderUrl + "/orders/" + orderId);
                if (answer.statusCode() != 200 || !answer.body().contains("\"status\":\"" + status + "\"")) {
                    stillWaiting.add(orderId);
                }
            }
            waiting.retainAll(stillWaiting);
            return waiting.size() + " not yet, e.g. " + waiting.stream().limit(3).toList();
        }, progress -> waiting.isEmpty());
    }
}
