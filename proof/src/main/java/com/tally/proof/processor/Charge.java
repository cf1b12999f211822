package com.tally.proof.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A payment the processor took, which it can refund up to its amount ({@code GET
 * /processor/charges?paymentIntent=}). Amounts in minor units; the currency in lower case, as
 * Stripe writes it.
 *
 * @param refunded what its refunds returned so far
 */
public record Charge(String paymentIntent, String orderId, long amount, String currency, long refunded) {

    public Charge {
        currency = currency == null ? null : currency.toLowerCase(Locale.ROOT);
    }

    /** What keeps these figures from being a charge, each said with what to send instead; empty when they are one. */
    static List<String> problems(String paymentIntent, String orderId, Long amount, String currency) {
        var problems = new ArrayList<String>();
        if (paymentIntent == null || paymentIntent.isBlank()) {
            problems.add("paymentIntent is missing: the payment intent charged, e.g. \"pi_123\"");
        }
        if (orderId == null || orderId.isBlank()) {
            problems.add("orderId is missing: the order the charge paid for");
        }
        if (amount == null || amount <= 0) {
            problems.add("amount must be a whole number of minor units above 0, e.g. 1500 for 15.00");
        }
        if (currency == null || !currency.matches("[A-Za-z]{3}")) {
            problems.add("currency must be an ISO 4217 code such as \"eur\"");
        }
        return problems;
    }

    public long remaining() {
        return amount - refunded;
    }

    Charge refundedMore(long refund) {
        return new Charge(paymentIntent, orderId, amount, currency, refunded + refund);
    }

    /** Whether a charge registered again is the same one: the same figures, whatever was refunded since. */
    boolean sameAs(Charge other) {
        return paymentIntent.equals(other.paymentIntent) && orderId.equals(other.orderId) && amount == other.amount
                && currency.equals(other.currency);
    }
}
