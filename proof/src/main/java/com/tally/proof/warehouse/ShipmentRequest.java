package com.tally.proof.warehouse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /shipments} (docs/WAREHOUSE.md): who asks for which items. Validation
 * lists every problem at once, so a dispatcher under development fixes its request in one go.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShipmentRequest(String requestId, String orderId, Integer attempt, List<Item> items) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(String sku, Integer quantity) {
        boolean isShippable() {
            return sku != null && !sku.isBlank() && quantity != null && quantity > 0;
        }
    }

    public List<String> problems() {
        var problems = new ArrayList<String>();
        if (requestId == null || requestId.isBlank()) {
            problems.add("requestId must be the fulfillment request's ID");
        }
        if (orderId == null || orderId.isBlank()) {
            problems.add("orderId must be the order's ID");
        }
        if (attempt != null && attempt < 1) {
            problems.add("attempt must count from 1");
        }
        if (items == null || items.isEmpty()) {
            problems.add("items must list at least one {\"sku\", \"quantity\"}");
        } else {
            for (int i = 0; i < items.size(); i++) {
                if (!items.get(i).isShippable()) {
                    problems.add("items[" + i + "] needs a sku and a quantity of 1 or more");
                }
            }
        }
        return problems;
    }

    boolean holdsAny(Set<String> skus) {
        return items.stream().anyMatch(item -> skus.contains(item.sku()));
    }
}
