package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tally.platform.Env;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmailSettingsTest {

    @Test
    void nothingSetMeansNoLinkTheDefaultSenderAndTheBuiltInTemplates() {
        var env = Env.of(Map.of());

        var settings = EmailSettings.fromEnv(env);
        env.check();

        assertEquals(new EmailSettings(null, "Tally <orders@tally.test>", null), settings);
        assertNull(settings.orderUrlOf("ord-1"));
    }

    @Test
    void orderIdIsUrlEncodedIntoTheLink(@TempDir Path dir) {
        var env = Env.of(Map.of(
                "TALLY_SHOP_ORDER_URL", "https://shop.example/orders/{orderId}?from=mail",
                "TALLY_SMTP_FROM", "Shop <orders@shop.example>",
                "TALLY_NOTIFICATION_TEMPLATES_DIR", dir.toString()));

        var settings = EmailSettings.fromEnv(env);
        env.check();

        assertEquals("https://shop.example/orders/ord%201%2F%C3%A9%26x?from=mail", settings.orderUrlOf("ord 1/é&x"));
        assertEquals("Shop <orders@shop.example>", settings.from());
        assertEquals(dir, settings.templatesDir());
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        var env = Env.of(Map.of(
                "TALLY_SHOP_ORDER_URL", "https://shop.example/orders/",
                "TALLY_SMTP_FROM", "Shop",
                "TALLY_NOTIFICATION_TEMPLATES_DIR", "/no/such/dir"));

        EmailSettings.fromEnv(env);
        var failure = assertThrows(Env.ConfigException.class, env::check);

        assertEquals(List.of(
                "TALLY_SHOP_ORDER_URL=https://shop.example/orders/ is not a link with {orderId} in it:"
                        + " write it like https://shop.example/orders/{orderId}, or unset it to send e-mails without a link",
                "TALLY_SMTP_FROM=Shop has no e-mail address: write it like orders@shop.example or Shop <orders@shop.example>",
                "TALLY_NOTIFICATION_TEMPLATES_DIR=/no/such/dir is not a directory: create it with the templates to replace"
                        + " (see docs/NOTIFICATION-TEMPLATES.md), or unset it to use the built-in ones"), failure.problems());
    }

    @Test
    void orderUrlThatIsNotAWebLinkIsRefused() {
        var env = Env.of(Map.of("TALLY_SHOP_ORDER_URL", "javascript:alert({orderId})"));

        EmailSettings.fromEnv(env);
        var failure = assertThrows(Env.ConfigException.class, env::check);

        assertEquals(1, failure.problems().size());
    }
}
