package com.tally.fulfillment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tally.platform.TallyJson;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.OrderItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks the warehouse to ship one request, by docs/WAREHOUSE.md: {@code POST} to its URL with the
 * request ID as {@code Idempotency-Key}, so a repeated call (a retry, or a call repeated after a
 * crash before its outcome was committed) gives the first answer again instead of a second
 * shipment. Never fails: a call that gets no answer in time completes as a transient failure.
 */
final class WarehouseClient {

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<FulfillmentOutcome, Counter> calls = new EnumMap<>(FulfillmentOutcome.class);
    private final Timer latency;

    WarehouseClient(URI url, Duration timeout, MeterRegistry registry) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        for (FulfillmentOutcome outcome : new FulfillmentOutcome[] {FulfillmentOutcome.ACCEPTED, FulfillmentOutcome.REJECTED,
                FulfillmentOutcome.TRANSIENT_FAILURE}) {
            calls.put(outcome, Counter.builder("tally.fulfillment.warehouse.calls")
                    .description("calls to the warehouse by what they meant: accepted, rejected, transient_failure (repeats included)")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        this.latency = Timer.builder("tally.fulfillment.warehouse.call.duration")
                .description("how long the warehouse took to answer, or the call to fail")
                .register(registry);
    }

    CompletableFuture<WarehouseAnswer> ship(FulfillmentRequested request) {
        var call = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", request.getRequestId())
                .header("Tally-Attempt", String.valueOf(request.getAttempt()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(request)))
                .build();
        long started = System.nanoTime();
        return http.sendAsync(call, HttpResponse.BodyHandlers.ofString())
                // the request's timeout ends at the answer's headers; this one bounds reading its body too
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure == null
                        ? WarehouseAnswer.ofResponse(response.statusCode(), response.body())
                        : WarehouseAnswer.ofFailure(failure, timeout))
                .whenComplete((answer, unexpected) -> {
                    latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    if (answer != null) {
                        calls.get(answer.outcome()).increment();
                    }
                });
    }

    /** {@code {"requestId":…,"orderId":…,"attempt":…,"items":[{"sku":…,"quantity":…}]}} */
    static byte[] body(FulfillmentRequested request) {
        ObjectNode body = TallyJson.mapper().createObjectNode()
                .put("requestId", request.getRequestId())
                .put("orderId", request.getOrderId())
                .put("attempt", request.getAttempt());
        var items = body.putArray("items");
        for (OrderItem item : request.getItems()) {
            items.addObject().put("sku", item.getSku()).put("quantity", item.getQuantity());
        }
        try {
            return TallyJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always writes", e);
        }
    }
}
