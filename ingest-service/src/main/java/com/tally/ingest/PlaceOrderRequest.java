package com.tally.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /orders}: {@code amount} in minor units (cents), ISO 4217 currency.
 * Validation returns every problem at once, so a client fixes its request in one go.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlaceOrderRequest(String orderId, String customerEmail, Long amount, String currency, List<Item> items) {

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String CARD_DATA = "%s holds what looks like a card number: card data must never be sent to Tally;"
            + " remove it and send the order again";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(String sku, Integer quantity) {
    }

    public List<String> problems() {
        var problems = new ArrayList<String>();
        if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            problems.add("orderId must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        if (customerEmail == null || !customerEmail.matches("[^@\\s]+@[^@\\s]+")) {
            problems.add("customerEmail must be an e-mail address");
        }
        if (holdsCardNumber(customerEmail)) {
            problems.add(CARD_DATA.formatted("customerEmail"));
        }
        if (amount == null || amount <= 0) {
            problems.add("amount must be a positive whole number of minor units (4990 for 49.90)");
        }
        if (!isIsoCurrency(currency)) {
            problems.add("currency must be an ISO 4217 code in capitals, like EUR or USD");
        }
        if (items == null || items.isEmpty()) {
            problems.add("items must list at least one {\"sku\", \"quantity\"}");
        } else {
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (item == null || item.sku() == null || item.sku().isBlank()) {
                    problems.add("items[" + i + "].sku must not be empty");
                } else if (holdsCardNumber(item.sku())) {
                    problems.add(CARD_DATA.formatted("items[" + i + "].sku"));
                }
                if (item == null || item.quantity() == null || item.quantity() <= 0) {
                    problems.add("items[" + i + "].quantity must be a positive whole number");
                }
            }
        }
        return problems;
    }

    /**
     * Free-text fields are refused rather than masked when they hold a card number: masking would
     * change an e-mail address or a SKU the merchant relies on, and only the merchant's own system
     * sends orders, so it can be fixed. The order ID is exempt: it is the merchant's identifier,
     * and one in ten all-digit IDs of 13 to 19 digits passes the Luhn check by chance.
     */
    private static boolean holdsCardNumber(String text) {
        return text != null && CardNumberMasker.mask(text).count() > 0;
    }

    private static boolean isIsoCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
