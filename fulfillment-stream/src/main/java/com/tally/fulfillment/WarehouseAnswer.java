package com.tally.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.TallyJson;
import com.tally.schemas.FulfillmentOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * What one call to the warehouse means for the saga, by the contract in docs/WAREHOUSE.md: 2xx
 * accepted; 408, 409, 425, 429 and 5xx, a timeout or no connection a transient failure the saga
 * retries; any other 4xx a rejection for good, with the warehouse's reason. Except 401, 403, 404
 * and 405: they say Tally calls the wrong URL or without the right credentials, which is true of
 * every order alike; a rejection would refund them all, so they are transient, and a saga that
 * keeps meeting them gives up with the answer in its verdict, the order still paid. Anything else the
 * contract does not allow (a redirect, say) is transient: it says the URL or the warehouse is
 * wrong, not that the order cannot be shipped, and a rejection would give the order up.
 *
 * @param reason null when accepted; otherwise what the warehouse said, with its status, or what failed
 */
record WarehouseAnswer(FulfillmentOutcome outcome, String reason) {

    /** The longest reason kept from a body: enough for a sentence, not a whole error page. */
    static final int MAX_REASON_LENGTH = 300;

    WarehouseAnswer {
        Objects.requireNonNull(outcome, "outcome");
    }

    static WarehouseAnswer ofResponse(int status, String body) {
        if (status >= 200 && status < 300) {
            return new WarehouseAnswer(FulfillmentOutcome.ACCEPTED, null);
        }
        String said = reasonIn(body);
        String saying = said == null ? "" : ": " + said;
        return switch (status) {
            case 408 -> transientFailure("the warehouse answered 408 (it timed out reading the request)" + saying);
            case 409 -> transientFailure("the warehouse answered 409 (a request with this key is still being processed)" + saying);
            case 425 -> transientFailure("the warehouse answered 425 (too early)" + saying);
            case 429 -> transientFailure("the warehouse answered 429 (too many requests)" + saying);
            case 401, 403, 404, 405 -> transientFailure("the warehouse answered " + status + ": Tally's call is misdirected or"
                    + " unauthorised, which no order causes: check " + FulfillmentConfig.URL + " and the warehouse's access for Tally" + saying);
            default -> {
                if (status >= 400 && status < 500) {
                    yield new WarehouseAnswer(FulfillmentOutcome.REJECTED,
                            said == null ? "the warehouse rejected the request with " + status + " and gave no reason"
                                    : "the warehouse rejected the request with " + status + ": " + said);
                }
                if (status >= 500 && status < 600) {
                    yield transientFailure("the warehouse answered " + status + saying);
                }
                yield transientFailure("the warehouse answered " + status + ", which docs/WAREHOUSE.md does not allow: check that "
                        + FulfillmentConfig.URL + " is the warehouse's fulfillment endpoint" + saying);
            }
        };
    }

    /** A call that got no answer: every such failure is worth another attempt. */
    static WarehouseAnswer ofFailure(Throwable failure, Duration timeout) {
        return transientFailure(CallFailures.noAnswer(failure, timeout, "the warehouse", "the warehouse"));
    }

    private static WarehouseAnswer transientFailure(String reason) {
        return new WarehouseAnswer(FulfillmentOutcome.TRANSIENT_FAILURE, reason);
    }

    /** {@code {"reason": "…"}} as the contract asks, or the body as plain text; null when it says nothing. */
    static String reasonIn(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String text = body.strip();
        try {
            JsonNode json = TallyJson.mapper().readTree(text);
            if (json != null && json.path("reason").isTextual() && !json.path("reason").asText().isBlank()) {
                text = json.path("reason").asText().strip();
            }
        } catch (IOException e) {
            // not JSON: plain text, which the contract allows
        }
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "…";
    }
}
