package com.tally.fulfillment;

import com.tally.schemas.RefundRequested;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Asks Stripe for one refund: {@code POST <api>/v1/refunds}, form-encoded, with the refund
 * request's ID as {@code Idempotency-Key}, so every repeat (a retry, or a call repeated after a
 * crash) gives the first refund back instead of a second one. Never fails: a call that gets no
 * answer in time completes as an answer worth retrying.
 */
final class StripeRefundClient {

    private final URI refunds;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<RefundAnswer.Kind, Counter> calls = new EnumMap<>(RefundAnswer.Kind.class);
    private final Timer latency;

    StripeRefundClient(URI apiUrl, String apiKey, Duration timeout, MeterRegistry registry) {
        String root = apiUrl.toString();
        this.refunds = URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/v1/refunds");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        for (RefundAnswer.Kind kind : RefundAnswer.Kind.values()) {
            calls.put(kind, Counter.builder("tally.refunds.processor.calls")
                    .description("calls to the processor's refund API by what they meant: requested, refused, retry (repeats included)")
                    .tag("outcome", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        this.latency = Timer.builder("tally.refunds.processor.call.duration")
                .description("how long the processor took to answer a refund, or the call to fail")
                .register(registry);
    }

    CompletableFuture<RefundAnswer> refund(RefundRequested request) {
        var call = HttpRequest.newBuilder(refunds)
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", request.getRefundRequestId())
                .POST(HttpRequest.BodyPublishers.ofString(form(request)))
                .build();
        long started = System.nanoTime();
        return http.sendAsync(call, HttpResponse.BodyHandlers.ofString())
                // the request's timeout ends at the answer's headers; this one bounds reading its body too
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure == null
                        ? RefundAnswer.ofResponse(response.statusCode(), response.body())
                        : RefundAnswer.ofFailure(failure, timeout))
                .whenComplete((answer, unexpected) -> {
                    latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    if (answer != null) {
                        calls.get(answer.kind()).increment();
                    }
                });
    }

    /** {@code payment_intent=…&amount=…&metadata[order_id]=…&metadata[refund_id]=…}, form-encoded as Stripe reads it. */
    static String form(RefundRequested request) {
        var fields = new LinkedHashMap<String, String>();
        // Tally's transaction ID of a Stripe payment is its payment intent; a bare charge (ch_, py_) is refunded by its own ID
        String transactionId = request.getTransactionId();
        fields.put(transactionId.startsWith("ch_") || transactionId.startsWith("py_") ? "charge" : "payment_intent", transactionId);
        fields.put("amount", String.valueOf(request.getAmountMinor()));
        fields.put("metadata[order_id]", request.getOrderId());
        fields.put("metadata[refund_id]", request.getRefundRequestId());
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
