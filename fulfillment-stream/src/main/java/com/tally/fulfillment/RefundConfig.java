package com.tally.fulfillment;

import com.tally.platform.Env;
import java.net.URI;
import java.time.Duration;

/**
 * The refund dispatcher's settings: the payment processor's API (Stripe's today) and how long it
 * retries one refund in place. It has no saga above it, so its whole retry budget is bounded here:
 * well inside the 24 hours for which Stripe remembers an {@code Idempotency-Key}, so every repeat
 * of a refund, a retry or a call repeated after a crash, is still recognised as the same refund.
 *
 * @param retry the backoff between attempts ({@link RetryPolicy#backoff}) and the attempts;
 *              its acknowledgement timeout is the call timeout
 */
public record RefundConfig(URI apiUrl, String apiKey, Duration callTimeout, RetryPolicy retry, int maxCallsInFlight) {

    public static final String API_URL = "TALLY_PROCESSOR_API_URL";
    public static final String API_KEY = "TALLY_PROCESSOR_API_KEY";
    public static final String BACKOFF_BASE = "TALLY_REFUND_BACKOFF_BASE";
    public static final String BACKOFF_MAX = "TALLY_REFUND_BACKOFF_MAX";
    public static final String MAX_ATTEMPTS = "TALLY_REFUND_MAX_ATTEMPTS";
    public static final String CALL_TIMEOUT = "TALLY_REFUND_CALL_TIMEOUT";
    public static final String MAX_CALLS_IN_FLIGHT = "TALLY_REFUND_MAX_CALLS_IN_FLIGHT";

    /** Stripe keeps an idempotency key 24 hours; the retries of one refund stay far inside that. */
    static final Duration LONGEST_RETRY_BUDGET = Duration.ofHours(1);

    /** Reads the settings; the caller reports the problems with its own ({@link Env#check()}). */
    public static RefundConfig fromEnv(Env env) {
        String url = env.text(API_URL, "https://api.stripe.com");
        URI apiUrl = URI.create("https://api.stripe.com");
        try {
            apiUrl = URI.create(url);
            if (!"http".equals(apiUrl.getScheme()) && !"https".equals(apiUrl.getScheme())) {
                env.problem(API_URL + "=" + url + " is not an http(s) URL: give the processor's API root, e.g. https://api.stripe.com");
            }
        } catch (IllegalArgumentException e) {
            env.problem(API_URL + "=" + url + " is not a URL (" + e.getMessage() + "): give the processor's API root, e.g. https://api.stripe.com");
        }
        String key = env.required(API_KEY, "the processor's secret API key (Stripe: a restricted key sk_… or rk_… allowed to write refunds)");
        Duration callTimeout = env.duration(CALL_TIMEOUT, Duration.ofSeconds(10));
        var retry = new RetryPolicy(callTimeout,
                env.duration(BACKOFF_BASE, Duration.ofSeconds(1)),
                env.duration(BACKOFF_MAX, Duration.ofMinutes(1)),
                env.integer(MAX_ATTEMPTS, 8, 1, 20));
        var config = new RefundConfig(apiUrl, key == null ? "" : key, callTimeout, retry, env.integer(MAX_CALLS_IN_FLIGHT, 8, 1, 256));
        if (config.retryBudget().compareTo(LONGEST_RETRY_BUDGET) > 0) {
            env.problem("the refund retries may take up to " + config.retryBudget() + " (" + MAX_ATTEMPTS + " calls of up to "
                    + CALL_TIMEOUT + " with waits up to " + BACKOFF_MAX + "), more than " + LONGEST_RETRY_BUDGET
                    + ": lower one of them, so a refund's retries stay far inside the processor's 24-hour idempotency key");
        }
        return config;
    }

    /** Everything but the key: settings get printed, and the key may refund any charge. */
    @Override
    public String toString() {
        return "RefundConfig[apiUrl=" + apiUrl + ", apiKey=(" + apiKey.length() + " characters), callTimeout=" + callTimeout
                + ", retry=" + retry + ", maxCallsInFlight=" + maxCallsInFlight + "]";
    }

    /**
     * The longest one refund can take: every attempt running to its timeout, with the longest wait
     * between each. It is also the retries' deadline: no attempt starts that could end after it.
     */
    public Duration retryBudget() {
        return retry.backoff().budget(callTimeout);
    }
}
