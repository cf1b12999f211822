package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Env;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefundConfigTest {

    private static RefundConfig read(Map<String, String> variables) {
        Env env = Env.of(variables);
        RefundConfig config = RefundConfig.fromEnv(env);
        env.check();
        return config;
    }

    @Test
    void defaultsToStripeWithBoundedRetries() {
        var config = read(Map.of(RefundConfig.API_KEY, "rk_test_1"));
        assertEquals(URI.create("https://api.stripe.com"), config.apiUrl());
        assertEquals("rk_test_1", config.apiKey());
        assertEquals(Duration.ofSeconds(10), config.callTimeout());
        assertEquals(new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(1), 8), config.retry());
        assertEquals(8, config.maxCallsInFlight());
        assertTrue(!config.toString().contains("rk_test_1") && config.toString().contains("9 characters"),
                "printed settings never show the key: " + config);
    }

    @Test
    void readsEveryVariable() {
        var config = read(Map.of(RefundConfig.API_KEY, "sk_1", RefundConfig.API_URL, "http://localhost:8092",
                RefundConfig.CALL_TIMEOUT, "PT2S", RefundConfig.BACKOFF_BASE, "PT0.01S", RefundConfig.BACKOFF_MAX, "PT0.1S",
                RefundConfig.MAX_ATTEMPTS, "3", RefundConfig.MAX_CALLS_IN_FLIGHT, "2"));
        assertEquals(new RefundConfig(URI.create("http://localhost:8092"), "sk_1", Duration.ofSeconds(2),
                new RetryPolicy(Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(100), 3), 2), config);
        assertEquals(Duration.ofMillis(6_000 + 10 + 20), config.retryBudget());
    }

    @Test
    void saysEverythingThatIsWrongAtOnce() {
        var problems = assertThrows(Env.ConfigException.class, () -> read(Map.of(RefundConfig.API_URL, "ftp://stripe",
                RefundConfig.CALL_TIMEOUT, "PT10M", RefundConfig.MAX_ATTEMPTS, "20"))).problems();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TALLY_PROCESSOR_API_URL=ftp://stripe is not an http(s) URL"), problems.get(0));
        assertTrue(problems.get(1).startsWith("TALLY_PROCESSOR_API_KEY is not set"), problems.get(1));
        assertTrue(problems.get(2).contains("lower one of them, so a refund's retries stay far inside the processor's 24-hour idempotency key"),
                problems.get(2));
    }

    @Test
    void theDefaultBackoffIsDeterministicJitteredAndBoundedFarInsideStripesKeyLifetime() {
        var config = read(Map.of(RefundConfig.API_KEY, "sk_test_1"));
        RetryPolicy retry = config.retry();
        for (int attempt = 1; attempt < retry.maxAttempts(); attempt++) {
            Duration wait = retry.backoffAfter("refund-pi_1", attempt);
            assertEquals(wait, retry.backoffAfter("refund-pi_1", attempt), "the same refund and attempt wait the same");
            long full = Math.min(1_000L << (attempt - 1), 60_000L);
            assertTrue(wait.toMillis() >= full / 2 && wait.toMillis() <= full, attempt + ": " + wait);
        }
        // 8 calls of 10 s and waits of 1+2+4+8+16+32+60 s
        assertEquals(Duration.ofSeconds(80 + 123), config.retryBudget());
    }
}
