package com.tally.order;

import com.tally.schemas.AvroSerde;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A few hundred orders that take every road of the state machine, in three phases so that each
 * step only starts once the one it follows is applied (the inputs travel on different topics):
 * paid, failed then paid, paid before placed, charged twice, shipped, refunded in two parts,
 * paid the wrong amount, never paid. Half in EUR, half in USD.
 */
final class MixedOrders {

    record Expected(String orderId, String currency, String status, long sales, long suspense, long refundsPayable) {
    }

    private final String prefix;
    private final int count;
    private final Map<String, Expected> expected = new LinkedHashMap<>();

    MixedOrders(String prefix, int count) {
        this.prefix = prefix;
        this.count = count;
        for (int i = 0; i < count; i++) {
            String id = orderId(i);
            String currency = currency(i);
            long amount = amount(i);
            expected.put(id, switch (i % 8) {
                case 0, 1, 2 -> new Expected(id, currency, "PAID", amount, 0, 0);
                case 3 -> new Expected(id, currency, "PAID", amount, 0, amount);
                case 4 -> new Expected(id, currency, "SHIPPED", amount, 0, 0);
                case 5 -> new Expected(id, currency, "REFUNDED", 0, 0, 0);
                case 6 -> new Expected(id, currency, "NEEDS_REVIEW", 0, amount - 1, 0);
                default -> new Expected(id, currency, "PENDING", 0, 0, 0);
            });
        }
    }

    Map<String, Expected> expected() {
        return expected;
    }

    private String orderId(int i) {
        return prefix + "-" + i;
    }

    private static String currency(int i) {
        return (i / 8) % 2 == 0 ? "EUR" : "USD";
    }

    private static long amount(int i) {
        return 1_000 + i * 7L;
    }

    private String tx(int i, String suffix) {
        return "pi_" + orderId(i) + suffix;
    }

    /** Placements and the first payments. */
    List<ProducerRecord<String, byte[]>> phaseOne() {
        var records = new ArrayList<ProducerRecord<String, byte[]>>();
        for (int i = 0; i < count; i++) {
            String id = orderId(i);
            long amount = amount(i);
            String c = currency(i);
            var placed = placement(id, amount, c);
            var paid = hook("evt_" + id + "_1", "payment_intent.succeeded", PaymentKind.SUCCEEDED, tx(i, ""), id, amount, c, null);
            switch (i % 8) {
                case 1 -> {
                    records.add(placed);
                    records.add(hook("evt_" + id + "_f", "payment_intent.payment_failed", PaymentKind.FAILED,
                            tx(i, "_f"), id, amount, c, null));
                    records.add(paid);
                }
                case 2 -> {
                    records.add(paid);
                    records.add(paid);   // a repeated delivery
                    records.add(placed);
                }
                case 6 -> {
                    records.add(placed);
                    records.add(hook("evt_" + id + "_1", "payment_intent.succeeded", PaymentKind.SUCCEEDED,
                            tx(i, ""), id, amount - 1, c, null));
                }
                case 7 -> records.add(placed);
                default -> {
                    records.add(placed);
                    records.add(paid);
                }
            }
        }
        return records;
    }

    /** What follows a payment: a second charge, a fulfillment request, a refund request. */
    List<ProducerRecord<String, byte[]>> phaseTwo() {
        var records = new ArrayList<ProducerRecord<String, byte[]>>();
        for (int i = 0; i < count; i++) {
            String id = orderId(i);
            switch (i % 8) {
                case 3 -> records.add(hook("evt_" + id + "_2", "payment_intent.succeeded", PaymentKind.SUCCEEDED,
                        tx(i, "_2"), id, amount(i), currency(i), null));
                case 4 -> records.add(new ProducerRecord<>(Topics.FULFILLMENT_REQUESTS, id, AvroSerde.of(FulfillmentRequested.class)
                        .encode(Fixtures.fulfillmentRequest(id, 1))));
                case 5 -> {
                    RefundRequested request = Fixtures.refundRequest(id, tx(i, ""), amount(i), "support-console");
                    request.setCurrency(currency(i));
                    records.add(new ProducerRecord<>(Topics.REFUNDS, id, AvroSerde.of(RefundRequested.class).encode(request)));
                }
                default -> {
                }
            }
        }
        return records;
    }

    /** The warehouse's answers and the refunds. */
    List<ProducerRecord<String, byte[]>> phaseThree() {
        var records = new ArrayList<ProducerRecord<String, byte[]>>();
        var results = AvroSerde.of(FulfillmentResult.class);
        for (int i = 0; i < count; i++) {
            String id = orderId(i);
            switch (i % 8) {
                case 4 -> {
                    records.add(new ProducerRecord<>(Topics.FULFILLMENT_RESULTS, id, results.encode(Fixtures.fulfillmentResult(id, FulfillmentOutcome.ACCEPTED))));
                    records.add(new ProducerRecord<>(Topics.FULFILLMENT_RESULTS, id, results.encode(Fixtures.fulfillmentResult(id, FulfillmentOutcome.SHIPPED))));
                }
                case 5 -> {
                    records.add(hook("evt_" + id + "_r1", "charge.refunded", PaymentKind.REFUNDED, tx(i, ""), id,
                            400, currency(i), "re_" + id + "_1"));
                    records.add(hook("evt_" + id + "_r2", "charge.refunded", PaymentKind.REFUNDED, tx(i, ""), id,
                            amount(i) - 400, currency(i), "re_" + id + "_2"));
                }
                default -> {
                }
            }
        }
        return records;
    }

    private static ProducerRecord<String, byte[]> placement(String orderId, long amount, String currency) {
        OrderPlaced placed = Fixtures.order(orderId, amount, currency);
        return new ProducerRecord<>(Topics.ORDERS_PLACED, orderId, AvroSerde.of(OrderPlaced.class).encode(placed));
    }

    private static ProducerRecord<String, byte[]> hook(String eventId, String type, PaymentKind kind, String tx,
                                                       String orderId, long amount, String currency, String refundId) {
        WebhookReceived hook = Fixtures.webhook(eventId, type, kind, tx, orderId, amount, currency);
        hook.setRefundId(refundId);
        return new ProducerRecord<>(Topics.WEBHOOKS, tx, AvroSerde.of(WebhookReceived.class).encode(hook));
    }
}
