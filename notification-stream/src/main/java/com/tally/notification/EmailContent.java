package com.tally.notification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one notification e-mail says, as plain values: what the templates are filled from.
 * {@link EmailSettings#content} builds it with the shop's link and sender.
 *
 * @param kind     the notification kind's wire name, e.g. {@code order-confirmed}; it names the templates
 * @param orderUrl the shop's page of this order, or null when the shop set no link
 */
public record EmailContent(String kind, String recipient, String orderId, long amountMinor, String currency,
                           List<Item> items, String status, String orderUrl, String from) {

    /** One line of the order. */
    public record Item(String sku, int quantity) {
        public Item {
            Objects.requireNonNull(sku, "sku");
            if (quantity < 1) {
                throw new IllegalArgumentException("item " + sku + " has quantity " + quantity + ": send 1 or more");
            }
        }
    }

    public EmailContent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(from, "from");
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        if (amountMinor < 0) {
            throw new IllegalArgumentException("order " + orderId + " has amount " + amountMinor + ": send 0 or more minor units");
        }
    }

    /**
     * The names a template sees (docs/NOTIFICATION-TEMPLATES.md lists them). A Map rather than this
     * record, so a template reads ready-made text (the amount written for its currency, the status
     * in words) and an absent link is a false section, not a method a shop has to know about.
     */
    Map<String, Object> scope(Locale locale) {
        var lines = new ArrayList<Map<String, Object>>(items.size());
        for (Item item : items) {
            lines.add(Map.of("sku", item.sku(), "quantity", item.quantity()));
        }
        var scope = new HashMap<String, Object>();
        scope.put("kind", kind);
        scope.put("recipient", recipient);
        scope.put("from", from);
        scope.put("orderId", orderId);
        scope.put("amount", MoneyFormat.format(amountMinor, currency, locale));
        scope.put("amountMinor", amountMinor);
        scope.put("currency", currency);
        scope.put("items", lines);
        scope.put("status", status);
        scope.put("statusText", status.toLowerCase(Locale.ROOT).replace('_', ' '));
        scope.put("orderUrl", orderUrl);
        return scope;
    }
}
