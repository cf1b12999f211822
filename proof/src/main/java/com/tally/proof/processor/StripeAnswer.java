package com.tally.proof.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.tally.platform.TallyJson;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of {@code POST /v1/refunds}, in Stripe's shapes: a refund object, or
 * {@code {"error": {"type", "code", "message"}}}. The body is written once, so an answer kept under
 * an Idempotency-Key is given again byte for byte.
 */
record StripeAnswer(int status, byte[] body) {

    static StripeAnswer refund(RefundMade refund) {
        return new StripeAnswer(200, json(refund.stripeObject()));
    }

    /** @param code Stripe's error code, or null for an error that has none */
    static StripeAnswer error(int status, String type, String code, String message) {
        var error = new LinkedHashMap<String, Object>();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
        return new StripeAnswer(status, json(Map.of("error", error)));
    }

    static StripeAnswer invalid(int status, String code, String message) {
        return error(status, "invalid_request_error", code, message);
    }

    private static byte[] json(Object value) {
        try {
            return TallyJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
