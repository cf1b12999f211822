package com.tally.proof.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ProcessorReportTest {

    static final Instant PLACED = Instant.parse("2026-11-02T10:15:00Z");
    static final Instant CHARGED = Instant.parse("2026-11-02T10:15:01Z");
    static final Instant REFUNDED = Instant.parse("2026-11-02T10:15:03Z");

    /** A delivered charge, a dropped one in yen, a failure then a success, a story refund, and a compensation refund. */
    public static SimulationRecord.Run run() {
        var orders = List.of(
                order("o-1", 1250, "EUR", List.of(new Story.Charge("pi_1_a", true)), false, false),
                order("o-2", 1000, "JPY", List.of(new Story.Charge("pi_2_a", true)), false, true),
                order("o-3", 99, "USD", List.of(new Story.Charge("pi_3_a", false), new Story.Charge("pi_3_b", true)), false, false),
                order("o-4", 500, "EUR", List.of(new Story.Charge("pi_4_a", true)), true, false));
        var deliveries = List.of(
                placement("o-1"), placement("o-2"), placement("o-3"), placement("o-4"),
                webhook("o-1", "payment_intent.succeeded", "pi_1_a", CHARGED),
                webhook("o-3", "payment_intent.payment_failed", "pi_3_a", CHARGED),
                webhook("o-3", "payment_intent.succeeded", "pi_3_b", CHARGED.plusSeconds(1)),
                webhook("o-4", "payment_intent.succeeded", "pi_4_a", CHARGED),
                webhook("o-4", "charge.refunded", "pi_4_a", REFUNDED));
        return new SimulationRecord.Run(orders, deliveries);
    }

    public static List<ProcessorReport.Refund> compensations() {
        return List.of(new ProcessorReport.Refund("re_comp_1", "pi_1_a", "o-1", 1250, "eur", REFUNDED.plusSeconds(5)));
    }

    @Test
    void everyChargeDroppedOrNotAndEveryRefundInMajorUnitsWithRowIdsFromTheTransaction() throws Exception {
        var csv = new StringWriter();
        ProcessorReport.write(ProcessorReport.rows(run(), compensations(), PLACED), csv);
        assertEquals("""
                balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id,payment_intent_id,payment_metadata[order_id]\r
                txn_pi_2_a,2026-11-02 10:15:00,jpy,1000,0,1000,charge,ch_pi_2_a,pi_2_a,o-2\r
                txn_pi_1_a,2026-11-02 10:15:01,eur,12.50,0.00,12.50,charge,ch_pi_1_a,pi_1_a,o-1\r
                txn_pi_4_a,2026-11-02 10:15:01,eur,5.00,0.00,5.00,charge,ch_pi_4_a,pi_4_a,o-4\r
                txn_pi_3_b,2026-11-02 10:15:02,usd,0.99,0.00,0.99,charge,ch_pi_3_b,pi_3_b,o-3\r
                txn_re_pi_4_a,2026-11-02 10:15:03,eur,-5.00,0.00,-5.00,refund,re_pi_4_a,pi_4_a,o-4\r
                txn_re_comp_1,2026-11-02 10:15:08,eur,-12.50,0.00,-12.50,refund,re_comp_1,pi_1_a,o-1\r
                """, csv.toString());
    }

    @Test
    void theSameRecordGivesTheSameReport() throws Exception {
        var first = new StringWriter();
        var second = new StringWriter();
        ProcessorReport.write(ProcessorReport.rows(run(), compensations(), PLACED), first);
        ProcessorReport.write(ProcessorReport.rows(run(), compensations(), PLACED), second);
        assertEquals(first.toString(), second.toString());
    }

    @Test
    void anOlderRecordWithoutTimesIsStampedWithTheFallback() {
        var old = new SimulationRecord.Run(List.of(order("o-1", 1250, "EUR", List.of(new Story.Charge("pi_1_a", true)), false, false)),
                List.of(new SimulationRecord.DeliveryLine("delivery", "placement", "o-1", "placed-o-1", "order", null, false, 202, 1, null)));
        assertEquals(List.of(new ProcessorReport.Row("txn_pi_1_a", PLACED, "EUR", 1250, "charge", "ch_pi_1_a", "pi_1_a", "o-1")),
                ProcessorReport.rows(old, List.of(), PLACED));
    }

    private static SimulationRecord.OrderLine order(String id, long amount, String currency, List<Story.Charge> charges, boolean refunded,
                                                    boolean dropped) {
        return new SimulationRecord.OrderLine("order", id, amount, currency, false, charges, refunded, dropped);
    }

    private static SimulationRecord.DeliveryLine placement(String orderId) {
        return new SimulationRecord.DeliveryLine("delivery", "placement", orderId, "placed-" + orderId, "order", null, false, 202, 1, PLACED);
    }

    private static SimulationRecord.DeliveryLine webhook(String orderId, String type, String txn, Instant at) {
        return new SimulationRecord.DeliveryLine("delivery", "webhook", orderId, "evt_" + txn + type, type, txn, false, 200, 1, at);
    }
}
