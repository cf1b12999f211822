package com.tally.proof.processor;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The processor's books: the charges it can refund, every call to {@code POST /v1/refunds}, who
 * holds each Idempotency-Key with which parameters, the answer kept for it, and the refunds made
 * per order and refund ID. One lock guards it all: claiming a key, checking what a charge has
 * left and refunding it must be atomic, and the processor's traffic is a test's, not a shop's.
 *
 * <p>Idempotency is per Idempotency-Key, as Stripe keeps it; the counts are per refund ID from
 * {@code metadata[refund_id]}. So a dispatcher that sent one refund under two keys, or without a
 * key twice, shows as two refunds for one refund ID, which is what the counts are there to catch.
 */
final class RefundLedger {

    /** What a call found under its key. */
    enum Claim {
        /** Nobody has it (or the call has no key): this call makes the answer. */
        NEW,
        /** Another call with this key is being answered right now (a held one). */
        IN_PROGRESS,
        /** Answered before, with the same parameters: the same answer is given again. */
        ANSWERED,
        /** Answered before, with other parameters: Stripe refuses to guess which was meant. */
        OTHER_PARAMETERS
    }

    /** A refund's answer and the refund, when one was made. */
    record Outcome(StripeAnswer answer, RefundMade refund) {
    }

    private static final class Key {
        SortedMap<String, String> fields;
        boolean inProgress;
        StripeAnswer answer;
    }

    private static final class Tally {
        long calls;
        final Set<String> keys = new LinkedHashSet<>();
        final Map<Integer, Long> answers = new TreeMap<>();
        final List<RefundMade> refunds = new ArrayList<>();
    }

    private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Key> keys = new HashMap<>();
    private final Map<String, Long> callsPerKey = new HashMap<>();
    private final Map<String, Charge> charges = new LinkedHashMap<>();
    /** order ID → refund ID → its tally, in the order first seen; "" for a call that named none */
    private final Map<String, Map<String, Tally>> orders = new LinkedHashMap<>();
    private final List<RefundMade> refunds = new ArrayList<>();
    private final Map<Integer, Long> answers = new TreeMap<>();
    private long calls;
    private long callsWithoutKey;

    /** Counts a call, whatever becomes of it; {@code key} is null for a call without one. */
    synchronized void called(String key, RefundForm form) {
        calls++;
        Tally tally = tally(form);
        tally.calls++;
        if (key == null) {
            callsWithoutKey++;
        } else {
            tally.keys.add(key);
            callsPerKey.merge(key, 1L, Long::sum);
        }
    }

    synchronized void answered(RefundForm form, int status) {
        answers.merge(status, 1L, Long::sum);
        tally(form).answers.merge(status, 1L, Long::sum);
    }

    synchronized Claim claim(String key, RefundForm form) {
        if (key == null) {
            return Claim.NEW;
        }
        Key entry = keys.computeIfAbsent(key, k -> new Key());
        if (entry.inProgress) {
            return Claim.IN_PROGRESS;
        }
        if (entry.answer != null) {
            return entry.fields.equals(form.fields()) ? Claim.ANSWERED : Claim.OTHER_PARAMETERS;
        }
        entry.fields = form.fields();
        entry.inProgress = true;
        return Claim.NEW;
    }

    /** The answer kept for a key that {@link #claim} found {@link Claim#ANSWERED}: it never changes once kept. */
    synchronized StripeAnswer answerFor(String key) {
        return keys.get(key).answer;
    }

    /**
     * Keeps the answer of a claimed key; the key stays in progress until {@link #finish}, so a
     * repeat while the answer is held is told the key is in use.
     */
    synchronized void keep(String key, StripeAnswer answer) {
        if (key != null) {
            keys.get(key).answer = answer;
        }
    }

    /** The claimed key's answer has left (or will never leave): repeats now get the kept answer. */
    synchronized void finish(String key) {
        if (key != null) {
            keys.get(key).inProgress = false;
        }
    }

    /**
     * Refunds what the form asks of the charge it names, or refuses as Stripe would, and keeps the
     * answer under the claimed key.
     *
     * @param webhook whether a {@code charge.refunded} webhook will be sent for the refund
     */
    synchronized Outcome refund(String key, RefundForm form, Instant at, boolean webhook) {
        String paymentIntent = form.paymentIntent();
        Charge charge = paymentIntent == null ? null : charges.get(paymentIntent);
        StripeAnswer refusal = null;
        if (charge == null) {
            refusal = StripeAnswer.invalid(404, "resource_missing", "No such " + form.named()
                    + ": the processor made no such charge (register it with POST /processor/charges)");
        } else if (charge.remaining() <= 0) {
            refusal = StripeAnswer.invalid(400, "charge_already_refunded", "Charge " + RefundMade.chargeOf(paymentIntent)
                    + " has already been refunded.");
        } else if (form.amount() != null && form.amount() > charge.remaining()) {
            refusal = StripeAnswer.invalid(400, "amount_too_large", "Refund amount (" + form.amount() + ") is greater than unrefunded amount on"
                    + " charge (" + charge.remaining() + " of " + charge.amount() + " " + charge.currency() + "): ask for at most that");
        }
        if (refusal != null) {
            keep(key, refusal);
            return new Outcome(refusal, null);
        }
        long amount = form.amount() == null ? charge.remaining() : form.amount();
        var refund = new RefundMade(newRefundId(), paymentIntent, charge.orderId(), form.refundRequestId(), amount, charge.currency(), key,
                form.metadata(), at, new RefundMade.Webhook(webhook));
        charges.put(paymentIntent, charge.refundedMore(amount));
        tally(form).refunds.add(refund);
        refunds.add(refund);
        var answer = StripeAnswer.refund(refund);
        keep(key, answer);
        return new Outcome(answer, refund);
    }

    /** Random, not a counter: a restarted simulator must not reuse an ID that a webhook already carried into Kafka. */
    private String newRefundId() {
        var id = new StringBuilder("re_");
        for (int i = 0; i < 24; i++) {
            id.append(ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }

    /**
     * Records charges, all or none: one registered again with the same figures changes nothing.
     *
     * @return the charges as now known, refunds included
     * @throws IllegalStateException naming every charge registered before with other figures
     */
    synchronized List<Charge> charge(List<Charge> asked) {
        var conflicts = new ArrayList<String>();
        for (Charge charge : asked) {
            Charge known = charges.get(charge.paymentIntent());
            if (known != null && !known.sameAs(charge)) {
                conflicts.add(charge.paymentIntent() + " is already a charge of " + known.amount() + " " + known.currency() + " for order "
                        + known.orderId());
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalStateException(String.join("; ", conflicts)
                    + ": a payment intent is charged once; use a new payment intent for another charge");
        }
        asked.forEach(charge -> charges.putIfAbsent(charge.paymentIntent(), charge));
        return asked.stream().map(charge -> charges.get(charge.paymentIntent())).toList();
    }

    synchronized Charge chargeOf(String paymentIntent) {
        return charges.get(paymentIntent);
    }

    synchronized List<Charge> charges() {
        return List.copyOf(charges.values());
    }

    synchronized long callsWithKey(String key) {
        return callsPerKey.getOrDefault(key, 0L);
    }

    synchronized ProcessorSummary summary() {
        int refundIds = 0;
        var refundedMoreThanOnce = new ArrayList<String>();
        for (Map<String, Tally> requests : orders.values()) {
            for (Map.Entry<String, Tally> entry : requests.entrySet()) {
                if (entry.getKey().isEmpty()) {
                    // calls that named no refund ID are not one refund asked for twice
                    continue;
                }
                refundIds++;
                if (entry.getValue().refunds.size() > 1) {
                    refundedMoreThanOnce.add(entry.getKey());
                }
            }
        }
        int delivered = 0;
        int pending = 0;
        for (RefundMade refund : refunds) {
            switch (refund.webhook().state()) {
                case DELIVERED -> delivered++;
                case PENDING -> pending++;
                case NOT_SENT -> { }
            }
        }
        return new ProcessorSummary(calls, callsWithoutKey, new TreeMap<>(answers), refundIds, refunds.size(), charges.size(), delivered,
                pending, List.copyOf(refundedMoreThanOnce));
    }

    synchronized OrderRefunds order(String orderId) {
        var requests = new ArrayList<OrderRefunds.Request>();
        long orderCalls = 0;
        int orderRefunds = 0;
        for (Map.Entry<String, Tally> entry : orders.getOrDefault(orderId, Map.of()).entrySet()) {
            Tally tally = entry.getValue();
            orderCalls += tally.calls;
            orderRefunds += tally.refunds.size();
            requests.add(new OrderRefunds.Request(entry.getKey(), tally.calls, List.copyOf(tally.keys), new TreeMap<>(tally.answers),
                    tally.refunds.size(), tally.refunds.stream().map(RefundMade::view).toList()));
        }
        return new OrderRefunds(orderId, orderCalls, orderRefunds, List.copyOf(requests));
    }

    private Tally tally(RefundForm form) {
        return orders.computeIfAbsent(form.orderId(), o -> new LinkedHashMap<>()).computeIfAbsent(form.refundRequestId(), r -> new Tally());
    }
}
