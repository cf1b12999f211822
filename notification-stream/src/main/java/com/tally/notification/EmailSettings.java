package com.tally.notification;

import com.tally.platform.Env;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a shop sets about its e-mails: the link to an order on its site, the sender, and where its
 * own templates are. Read once at start; a bad value is reported with the service's other problems.
 *
 * @param orderUrl     the order page with {@code {orderId}} in it, or null: the e-mails then carry no link
 * @param from         the sender, e.g. {@code Shop <orders@shop.example>}
 * @param templatesDir a directory of templates that replace the built-in ones by file name, or null
 */
public record EmailSettings(String orderUrl, String from, Path templatesDir) {

    public static final String ORDER_URL = "TALLY_SHOP_ORDER_URL";
    public static final String FROM = "TALLY_SMTP_FROM";
    public static final String TEMPLATES_DIR = "TALLY_NOTIFICATION_TEMPLATES_DIR";
    public static final String DEFAULT_FROM = "Tally <orders@tally.test>";
    static final String ORDER_ID_PLACEHOLDER = "{orderId}";

    public EmailSettings {
        Objects.requireNonNull(from, "from");
        if (orderUrl != null && !orderUrl.contains(ORDER_ID_PLACEHOLDER)) {
            throw new IllegalArgumentException(orderUrlProblem(orderUrl));
        }
    }

    public static EmailSettings fromEnv(Env env) {
        String orderUrl = env.text(ORDER_URL, null);
        if (orderUrl != null && !isHttpUrlWithOrderId(orderUrl)) {
            env.problem(orderUrlProblem(orderUrl));
            orderUrl = null;
        }
        String from = env.text(FROM, DEFAULT_FROM);
        if (!from.contains("@")) {
            env.problem(FROM + "=" + from + " has no e-mail address: write it like orders@shop.example or Shop <orders@shop.example>");
        }
        String dir = env.text(TEMPLATES_DIR, null);
        Path templatesDir = dir == null ? null : Path.of(dir);
        if (templatesDir != null && !Files.isDirectory(templatesDir)) {
            env.problem(TEMPLATES_DIR + "=" + dir + " is not a directory: create it with the templates to replace"
                    + " (see docs/NOTIFICATION-TEMPLATES.md), or unset it to use the built-in ones");
            templatesDir = null;
        }
        return new EmailSettings(orderUrl, from, templatesDir);
    }

    /** The shop's page of one order, the order ID URL-encoded into it; null when the shop set no link. */
    public String orderUrlOf(String orderId) {
        if (orderUrl == null) {
            return null;
        }
        // URLEncoder writes form encoding; in a path or query a space is %20, never '+'
        String encoded = URLEncoder.encode(orderId, StandardCharsets.UTF_8).replace("+", "%20");
        return orderUrl.replace(ORDER_ID_PLACEHOLDER, encoded);
    }

    /** The view of one notification, with this shop's link and sender. */
    public EmailContent content(String kind, String recipient, String orderId, long amountMinor, String currency,
                                List<EmailContent.Item> items, String status) {
        return new EmailContent(kind, recipient, orderId, amountMinor, currency, items, status, orderUrlOf(orderId), from);
    }

    private static boolean isHttpUrlWithOrderId(String orderUrl) {
        if (!orderUrl.contains(ORDER_ID_PLACEHOLDER)) {
            return false;
        }
        try {
            var uri = URI.create(orderUrl.replace(ORDER_ID_PLACEHOLDER, "x"));
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String orderUrlProblem(String orderUrl) {
        return ORDER_URL + "=" + orderUrl + " is not a link with " + ORDER_ID_PLACEHOLDER
                + " in it: write it like https://shop.example/orders/{orderId}, or unset it to send e-mails without a link";
    }
}
