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
                }
                if (item == null || item.quantity() == null || item.quantity() <= 0) {
                    problems.add("items[" + i + "].quantity must be a positive whole number");
                }
            }
        }
        return problems;
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
