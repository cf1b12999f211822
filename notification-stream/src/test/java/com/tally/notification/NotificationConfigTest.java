package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Env;
import com.tally.platform.dispatch.Backoff;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationConfigTest {

    private static final String TOKEN = "operator-token-0123456789abcdef";

    private static Map<String, String> with(String... pairs) {
        var variables = new HashMap<String, String>();
        variables.put("TALLY_BOOTSTRAP_SERVERS", "localhost:9092");
        variables.put("TALLY_OPERATOR_TOKENS", TOKEN);
        for (int i = 0; i < pairs.length; i += 2) {
            variables.put(pairs[i], pairs[i + 1]);
        }
        return variables;
    }

    @Test
    void nothingSetMeansLocalPlainSmtpOnPort25WithoutLoginAndBoundedRetries() {
        var config = NotificationConfig.fromEnv(with());

        assertEquals(8083, config.port());
        assertEquals("localhost", config.advertisedHost());
        assertEquals("", config.instanceId());
        assertNull(config.opsEmail());
        assertEquals(new SmtpSettings("localhost", 25, null, null, false, Duration.ofSeconds(10),
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 8), 4), config.smtp());
        assertFalse(config.smtp().authenticates());
        assertEquals(EmailSettings.DEFAULT_FROM, config.email().from());
    }

    @Test
    void readsEveryVariable() {
        var config = NotificationConfig.fromEnv(with("TALLY_NOTIFICATION_PORT", "9083", "TALLY_NOTIFICATION_ADVERTISED_HOST", "ntf-1",
                "TALLY_NOTIFICATION_INSTANCE_ID", "a", "TALLY_OPS_EMAIL", "ops@shop.example", "TALLY_SMTP_HOST", "mail.shop.example",
                "TALLY_SMTP_PORT", "587", "TALLY_SMTP_USERNAME", "tally", "TALLY_SMTP_PASSWORD", "s3cret-pass", "TALLY_SMTP_STARTTLS", "true",
                "TALLY_SMTP_TIMEOUT", "PT2S", "TALLY_SMTP_BACKOFF_BASE", "PT0.01S", "TALLY_SMTP_BACKOFF_MAX", "PT0.1S",
                "TALLY_SMTP_MAX_ATTEMPTS", "3", "TALLY_SMTP_MAX_SENDS_IN_FLIGHT", "2"));

        assertEquals(9083, config.port());
        assertEquals("ntf-1", config.advertisedHost());
        assertEquals("a", config.instanceId());
        assertEquals("ops@shop.example", config.opsEmail());
        assertEquals(new SmtpSettings("mail.shop.example", 587, "tally", "s3cret-pass", true, Duration.ofSeconds(2),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 3), 2), config.smtp());
        // 3 sends of up to 10 replies of 2 s, and waits of up to 10 and 20 ms
        assertEquals(Duration.ofMillis(60_000 + 10 + 20), config.smtp().retryBudget());
    }

    @Test
    void thePrintedSettingsNeverShowTheSmtpPassword() {
        var config = NotificationConfig.fromEnv(with("TALLY_SMTP_USERNAME", "tally", "TALLY_SMTP_PASSWORD", "s3cret-pass"));

        assertFalse(config.toString().contains("s3cret-pass"), config.toString());
        assertTrue(config.toString().contains("password=(11 characters)"), config.toString());
    }

    @Test
    void aUsernameWithoutAPasswordIsRefusedSayingToSetBothOrNeither() {
        for (var half : new String[][] {{"TALLY_SMTP_USERNAME", "tally"}, {"TALLY_SMTP_PASSWORD", "s3cret-pass"}}) {
            var problems = assertThrows(Env.ConfigException.class, () -> NotificationConfig.fromEnv(with(half))).problems();
            assertEquals(java.util.List.of("TALLY_SMTP_USERNAME and TALLY_SMTP_PASSWORD go together: set both for a server that wants a"
                    + " login, or neither"), problems);
        }
    }

    @Test
    void saysEverythingThatIsWrongAtOnceAndWhatToSet() {
        var problems = assertThrows(Env.ConfigException.class, () -> NotificationConfig.fromEnv(with("TALLY_OPS_EMAIL", "ops",
                "TALLY_SMTP_PORT", "70000", "TALLY_SMTP_STARTTLS", "yes", "TALLY_SMTP_TIMEOUT", "10s", "TALLY_SMTP_MAX_ATTEMPTS", "0",
                "TALLY_OPERATOR_TOKENS", ""))).problems();

        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TALLY_OPS_EMAIL=ops is not an e-mail address: write it like ops@shop.example"), problems.get(0));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("TALLY_SMTP_PORT=70000 is out of range")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("TALLY_SMTP_STARTTLS=yes is neither true nor false: set true to require"
                + " STARTTLS")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("TALLY_SMTP_TIMEOUT=10s is not an ISO-8601 duration")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("TALLY_SMTP_MAX_ATTEMPTS=0 is out of range")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("TALLY_OPERATOR_TOKENS is not set")), problems.toString());
    }
}
