package com.tally.proof.processor;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The form of one {@code POST /v1/refunds}, as Stripe reads it: {@code payment_intent} or
 * {@code charge}, an optional {@code amount}, {@code reason} and {@code metadata[…]}. Its fields,
 * sorted, are what an Idempotency-Key is compared with: a key used again must carry the same.
 */
record RefundForm(SortedMap<String, String> fields) {

    private static final String METADATA = "metadata[";
    private static final List<String> KNOWN = List.of("payment_intent", "charge", "amount", "reason");

    /** Parses {@code application/x-www-form-urlencoded}; a field given twice keeps its last value, as Stripe's parser does. */
    static RefundForm parse(String body) {
        var fields = new TreeMap<String, String>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            fields.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return new RefundForm(fields);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // a broken escape: kept as sent, so the problem shows in the parameter it spoils
            return text;
        }
    }

    /** The payment intent to refund: {@code payment_intent}, or the one whose charge {@code charge=ch_<pi>} names. */
    String paymentIntent() {
        String intent = fields.get("payment_intent");
        if (intent != null) {
            return intent;
        }
        String charge = fields.get("charge");
        return charge != null && charge.startsWith("ch_") ? charge.substring("ch_".length()) : null;
    }

    /** How the call named what to refund, for an answer that cannot find it: {@code payment_intent: 'pi_…'} or {@code charge: 'ch_…'}. */
    String named() {
        return fields.containsKey("payment_intent") ? "payment_intent: '" + fields.get("payment_intent") + "'"
                : "charge: '" + fields.get("charge") + "'";
    }

    /** The amount asked for, or null for "what remains". */
    Long amount() {
        String amount = fields.get("amount");
        try {
            return amount == null ? null : Long.parseLong(amount.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    String orderId() {
        return fields.getOrDefault(METADATA + "order_id]", "");
    }

    /** Tally's refund ID, "" when the call carried none. */
    String refundRequestId() {
        return fields.getOrDefault(METADATA + "refund_id]", "");
    }

    Map<String, String> metadata() {
        var metadata = new TreeMap<String, String>();
        fields.forEach((name, value) -> {
            if (name.startsWith(METADATA) && name.endsWith("]")) {
                metadata.put(name.substring(METADATA.length(), name.length() - 1), value);
            }
        });
        return metadata;
    }

    /** What Stripe would refuse before doing anything; empty when the form can be acted on. */
    List<String> problems() {
        var problems = new ArrayList<String>();
        boolean intent = fields.containsKey("payment_intent");
        boolean charge = fields.containsKey("charge");
        if (!intent && !charge) {
            problems.add("Must provide one of payment_intent or charge: send payment_intent=pi_…");
        } else if (intent && charge) {
            problems.add("Send payment_intent or charge, not both");
        } else if (intent ? fields.get("payment_intent").isBlank() : fields.get("charge").isBlank()) {
            problems.add("Invalid " + (intent ? "payment_intent" : "charge") + ": it is empty");
        }
        String amount = fields.get("amount");
        if (amount != null) {
            Long parsed = amount();
            if (parsed == null) {
                problems.add("Invalid integer: " + amount + " (amount is in minor units, e.g. amount=1500 for 15.00)");
            } else if (parsed <= 0) {
                problems.add("This value must be greater than or equal to 1: amount=" + amount);
            }
        }
        fields.keySet().stream()
                .filter(name -> !KNOWN.contains(name) && !(name.startsWith(METADATA) && name.endsWith("]")))
                .forEach(name -> problems.add("Received unknown parameter: " + name));
        return problems;
    }
}
