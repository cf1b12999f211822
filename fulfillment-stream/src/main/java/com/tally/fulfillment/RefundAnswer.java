package com.tally.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.TallyJson;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * What one call to Stripe's {@code POST /v1/refunds} means: 2xx the refund is requested (with
 * Stripe's {@code re_…} ID); 429, 409 (Stripe is still working on a request with this key), 5xx,
 * a timeout or no connection are worth calling again with the same key; any other 4xx (400, 402,
 * 404 …) is refused for good with Stripe's {@code error.message}. Except 401 and 403: they say our
 * API key is wrong, which is true of every refund alike, so they are retried too (an operator may
 * fix the key meanwhile) and end as a failure naming the key, never as a refusal of this refund.
 * Anything else Stripe never answers (a redirect, say) means the URL is wrong: retried, then failed.
 *
 * @param reason            null when requested; otherwise what Stripe said, with its status, or what failed
 * @param processorRefundId Stripe's refund ID when it gave one
 */
record RefundAnswer(Kind kind, String reason, String processorRefundId) {

    enum Kind {
        REQUESTED,
        REFUSED,
        /** Worth another call with the same key; a failure once the retries are spent. */
        RETRY
    }

    /** The longest reason kept from a body: enough for a sentence, not a whole error page. */
    static final int MAX_REASON_LENGTH = 300;

    RefundAnswer {
        Objects.requireNonNull(kind, "kind");
    }

    static RefundAnswer ofResponse(int status, String body) {
        if (status >= 200 && status < 300) {
            return new RefundAnswer(Kind.REQUESTED, null, refundIdIn(body));
        }
        String said = messageIn(body);
        String saying = said == null ? "" : ": " + said;
        return switch (status) {
            case 401, 403 -> retry("the processor answered " + status + ": it does not accept Tally's API key for refunds, which no"
                    + " refund causes: check " + RefundConfig.API_KEY + " (a secret or restricted key allowed to write refunds)" + saying);
            case 409 -> retry("the processor answered 409 (a request with this idempotency key is still being processed)" + saying);
            case 429 -> retry("the processor answered 429 (too many requests)" + saying);
            default -> {
                if (status >= 400 && status < 500) {
                    yield new RefundAnswer(Kind.REFUSED, said == null ? "the processor refused the refund with " + status + " and gave no message"
                            : "the processor refused the refund with " + status + ": " + said, null);
                }
                if (status >= 500 && status < 600) {
                    yield retry("the processor answered " + status + saying);
                }
                yield retry("the processor answered " + status + ", which its refund API never does: check that " + RefundConfig.API_URL
                        + " is its API root (e.g. https://api.stripe.com)" + saying);
            }
        };
    }

    /** A call that got no answer: every such failure is worth another attempt. */
    static RefundAnswer ofFailure(Throwable failure, Duration timeout) {
        return retry(CallFailures.noAnswer(failure, timeout, "the processor", "the processor at " + RefundConfig.API_URL));
    }

    private static RefundAnswer retry(String reason) {
        return new RefundAnswer(Kind.RETRY, reason, null);
    }

    /** Stripe's refund object: {@code {"id":"re_…","object":"refund",…}}. */
    static String refundIdIn(String body) {
        JsonNode json = json(body);
        return json != null && json.path("id").isTextual() ? json.path("id").asText() : null;
    }

    /** Stripe's error: {@code {"error":{"message":"…","type":"…"}}}, or the body as plain text; null when it says nothing. */
    static String messageIn(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String text = body.strip();
        JsonNode json = json(text);
        if (json != null) {
            JsonNode message = json.path("error").path("message");
            if (message.isTextual() && !message.asText().isBlank()) {
                text = message.asText().strip();
            }
        }
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "…";
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return TallyJson.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
