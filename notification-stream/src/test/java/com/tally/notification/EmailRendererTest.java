package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mustachejava.MustacheException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailRendererTest {

    private static final EmailSettings SHOP = new EmailSettings("https://shop.example/orders/{orderId}", "Shop <orders@shop.example>", null);
    private static final List<EmailContent.Item> ITEMS = List.of(new EmailContent.Item("MUG-1", 2), new EmailContent.Item("TEA-7", 1));

    private final EmailRenderer renderer = EmailRenderer.of(SHOP);

    private static EmailContent content(String kind, long amountMinor, String currency, List<EmailContent.Item> items) {
        return SHOP.content(kind, "ann@example.com", "ord-1", amountMinor, currency, items, "PAID");
    }

    @Test
    void orderConfirmedReadsInFull() {
        var email = renderer.render(content("order-confirmed", 4990, "EUR", ITEMS));

        assertEquals("Your order ord-1 is confirmed", email.subject());
        assertEquals("""
                Hello,

                Thank you for your order. We have received your payment of €49.90 and are getting your items ready.

                Order: ord-1
                Status: paid
                Amount: €49.90

                Items:
                  2 x MUG-1
                  1 x TEA-7

                See your order: https://shop.example/orders/ord-1

                We will write again when your order is on its way.

                --\s
                Shop <orders@shop.example>
                """, email.text());
        assertEquals("""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="UTF-8"><title>Your order ord-1 is confirmed</title></head>
                <body style="font-family: sans-serif; line-height: 1.5;">
                <p>Hello,</p>
                <p>Thank you for your order. We have received your payment of €49.90 and are getting your items ready.</p>
                <table>
                  <tr><th align="left">Order</th><td>ord-1</td></tr>
                  <tr><th align="left">Status</th><td>paid</td></tr>
                  <tr><th align="left">Amount</th><td>€49.90</td></tr>
                </table>
                <ul>
                  <li>2 &times; MUG-1</li>
                  <li>1 &times; TEA-7</li>
                </ul>
                <p><a href="https://shop.example/orders/ord-1">See your order</a></p>
                <p>We will write again when your order is on its way.</p>
                <p>Shop &lt;orders@shop.example&gt;</p>
                </body>
                </html>
                """, email.html());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            order-confirmed | Your order ord-1 is confirmed
            payment-failed  | Payment for your order ord-1 did not go through
            shipped         | Your order ord-1 is on its way
            delivered       | Your order ord-1 has been delivered
            refund-issued   | Your refund for order ord-1
            needs-review    | Order ord-1 needs review (€49.90)
            """)
    void everyKindCarriesAmountItemsStatusAndLink(String kind, String subject) {
        var email = renderer.render(content(kind, 4990, "EUR", ITEMS));

        assertEquals(subject, email.subject());
        for (String line : List.of("Order: ord-1", "Status: paid", "Amount: €49.90", "  2 x MUG-1", "  1 x TEA-7")) {
            assertTrue(email.text().lines().anyMatch(line::equals), kind + " text lacks the line '" + line + "':\n" + email.text());
        }
        assertTrue(email.text().contains("https://shop.example/orders/ord-1\n"), email.text());
        for (String part : List.of("<td>ord-1</td>", "<td>paid</td>", "<td>€49.90</td>", "<li>2 &times; MUG-1</li>",
                "<li>1 &times; TEA-7</li>", "<a href=\"https://shop.example/orders/ord-1\">")) {
            assertTrue(email.html().contains(part), kind + " HTML lacks " + part + ":\n" + email.html());
        }
    }

    @Test
    void needsReviewTellsOperationsWhoTheCustomerIsAndToReadTheHistory() {
        var email = renderer.render(content("needs-review", 4990, "EUR", ITEMS));

        assertTrue(email.text().contains("Customer: ann@example.com\n"), email.text());
        assertTrue(email.text().contains("Look at the order's history first: GET /orders/ord-1 on order-stream"), email.text());
        assertTrue(email.html().contains("<code>GET /orders/ord-1</code>"), email.html());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            4990  | EUR | €49.90
            4990  | JPY | ¥4,990
            12345 | BHD | BHD\u00a012.345
            """)
    void amountIsWrittenWithItsCurrencysOwnDecimalsInBothParts(long amountMinor, String currency, String written) {
        var email = renderer.render(content("refund-issued", amountMinor, currency, ITEMS));

        assertTrue(email.text().contains("Amount: " + written + "\n"), email.text());
        assertTrue(email.text().contains("We have refunded " + written + " for your order."), email.text());
        assertTrue(email.html().contains("<td>" + written + "</td>"), email.html());
    }

    @Test
    void noLinkWhenTheShopSetNone() {
        var settings = new EmailSettings(null, "Shop <orders@shop.example>", null);
        var content = settings.content("shipped", "ann@example.com", "ord-1", 4990, "EUR", ITEMS, "SHIPPED");

        var email = EmailRenderer.of(settings).render(content);

        assertFalse(email.text().contains("See your order"), email.text());
        assertFalse(email.html().contains("<a "), email.html());
        assertTrue(email.text().contains("Status: shipped\n"), email.text());
    }

    @Test
    void hostileSkuIsEscapedInHtmlButNotInText() {
        var hostile = List.of(new EmailContent.Item("<script>alert('x')</script>&", 1));

        var email = renderer.render(content("order-confirmed", 4990, "EUR", hostile));

        assertTrue(email.html().contains("<li>1 &times; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</li>"), email.html());
        assertFalse(email.html().contains("<script>"), email.html());
        assertTrue(email.text().contains("  1 x <script>alert('x')</script>&\n"), email.text());
    }

    @Test
    void lineBreaksInAValueNeverSplitTheSubject() {
        var content = SHOP.content("shipped", "ann@example.com", "ord-1\r\nBcc: all@example.com", 4990, "EUR", ITEMS, "SHIPPED");

        var email = renderer.render(content);

        assertEquals("Your order ord-1 Bcc: all@example.com is on its way", email.subject());
    }

    @Test
    void shopDirectoryReplacesOneTemplateAndTheOthersFallBack(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("shipped.subject.mustache"), "On its way: {{orderId}} & {{amount}}\n");
        Files.writeString(dir.resolve("shipped.html.mustache"), "<p>{{orderId}} & {{#items}}{{sku}}{{/items}}</p>");
        var settings = new EmailSettings(null, "Shop <orders@shop.example>", dir);
        var hostile = List.of(new EmailContent.Item("<b>", 1));

        var email = EmailRenderer.of(settings).render(settings.content("shipped", "ann@example.com", "ord-1", 4990, "JPY", hostile, "SHIPPED"));

        assertEquals("On its way: ord-1 & ¥4,990", email.subject());
        assertEquals("<p>ord-1 & &lt;b&gt;</p>", email.html());
        assertTrue(email.text().startsWith("Hello,\n\nGood news: your order has left our warehouse"), email.text());
    }

    @Test
    void shopDirectoryCanAddAKind(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("back-in-stock.subject.mustache"), "{{#items}}{{sku}} {{/items}}is back");
        Files.writeString(dir.resolve("back-in-stock.txt.mustache"), "{{amount}}");
        Files.writeString(dir.resolve("back-in-stock.html.mustache"), "<p>{{amount}}</p>");
        var settings = new EmailSettings(null, "Shop <orders@shop.example>", dir);

        var email = EmailRenderer.of(settings).render(settings.content("back-in-stock", "ann@example.com", "ord-1", 4990, "EUR", ITEMS, "PAID"));

        assertEquals(new RenderedEmail("MUG-1 TEA-7 is back", "€49.90", "<p>€49.90</p>"), email);
    }

    @Test
    void kindWithoutTemplatesNamesTheFilesToAdd() {
        var refused = assertThrows(IllegalArgumentException.class, () -> renderer.render(content("gift-wrapped", 4990, "EUR", ITEMS)));

        assertEquals("no template for notification kind 'gift-wrapped': add gift-wrapped.subject.mustache, gift-wrapped.txt.mustache,"
                + " gift-wrapped.html.mustache to the classpath under templates/ (or set TALLY_NOTIFICATION_TEMPLATES_DIR"
                + " to a directory and add them there)", refused.getMessage());
    }

    @Test
    void kindMissingOneTemplateInTheShopDirectoryNamesOnlyThatFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("gift-wrapped.subject.mustache"), "Wrapped");
        Files.writeString(dir.resolve("gift-wrapped.html.mustache"), "<p>Wrapped</p>");
        var settings = new EmailSettings(null, "Shop <orders@shop.example>", dir);

        var refused = assertThrows(IllegalArgumentException.class,
                () -> EmailRenderer.of(settings).render(settings.content("gift-wrapped", "ann@example.com", "ord-1", 1, "EUR", ITEMS, "PAID")));

        assertEquals("no template for notification kind 'gift-wrapped': add gift-wrapped.txt.mustache to "
                + dir.toAbsolutePath().normalize() + " (TALLY_NOTIFICATION_TEMPLATES_DIR)", refused.getMessage());
    }

    @Test
    void templateThatDoesNotParseIsRefusedWithItsFileName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("shipped.txt.mustache"), "Hello\n{{#items}}{{sku}}\n");
        var settings = new EmailSettings(null, "Shop <orders@shop.example>", dir);

        var refused = assertThrows(MustacheException.class,
                () -> EmailRenderer.of(settings).render(settings.content("shipped", "ann@example.com", "ord-1", 1, "EUR", ITEMS, "SHIPPED")));

        assertTrue(refused.getMessage().contains("shipped.txt.mustache"), refused.getMessage());
    }

    @Test
    void kindThatIsNotAWireNameIsRefusedBeforeAnyFileIsRead() {
        var refused = assertThrows(IllegalArgumentException.class, () -> renderer.render(content("../secrets", 4990, "EUR", ITEMS)));

        assertEquals("notification kind '../secrets' is not a kind's wire name: use lower-case letters, digits and '-',"
                + " such as order-confirmed", refused.getMessage());
    }

    @Test
    void templatesAreCompiledOncePerKind(@TempDir Path dir) throws Exception {
        Path subject = dir.resolve("shipped.subject.mustache");
        Files.writeString(subject, "first");
        var settings = new EmailSettings(null, "Shop <orders@shop.example>", dir);
        var shopRenderer = EmailRenderer.of(settings);
        var content = settings.content("shipped", "ann@example.com", "ord-1", 4990, "EUR", ITEMS, "SHIPPED");
        shopRenderer.render(content);

        Files.writeString(subject, "second");

        assertEquals("first", shopRenderer.render(content).subject());
    }
}
