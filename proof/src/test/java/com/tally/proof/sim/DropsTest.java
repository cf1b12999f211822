package com.tally.proof.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropsTest {

    private static final Mix MIX = Mix.defaults();

    @Test
    void dropsTheShareOfOrdersPaidOnceAndKeptRoundedAndTheSameForTheSameSeed() {
        var stories = Stories.plan(7, 300, MIX, "t");
        long eligible = stories.stream().filter(Drops::droppable).count();
        Set<String> dropped = Drops.choose(stories, 0.1, 7);
        assertEquals(Math.round(0.1 * eligible), dropped.size());
        assertEquals(dropped, Drops.choose(stories, 0.1, 7));
        assertTrue(stories.stream().filter(s -> dropped.contains(s.orderId())).allMatch(Drops::droppable));
        assertTrue(Drops.choose(stories, 0, 7).isEmpty());
        assertEquals(eligible, Drops.choose(stories, 1, 7).size());
    }

    @Test
    void anOrderRefundedRetriedOrUnstockedIsNeverDropped() {
        var refunded = new Story("o-r", 100, "EUR", false, List.of(new Story.Charge("pi_r", true)), true, Story.STOCKED_SKU);
        var retried = new Story("o-f", 100, "EUR", false, List.of(new Story.Charge("pi_f_a", false), new Story.Charge("pi_f_b", true)),
                false, Story.STOCKED_SKU);
        var unstocked = new Story("o-u", 100, "EUR", false, List.of(new Story.Charge("pi_u", true)), false, Story.UNSTOCKED_SKU);
        assertTrue(Drops.choose(List.of(refunded, retried, unstocked), 1, 1).isEmpty());
    }

    @Test
    void aShareOutsideZeroToOneIsRefusedSayingWhatFits() {
        var refused = assertThrows(IllegalArgumentException.class, () -> Drops.choose(List.of(), 10, 1));
        assertTrue(refused.getMessage().contains("between 0 and 1"));
    }

    @Test
    void aDroppedOrderIsPlacedButNoDeliveryOfItsChargeIsSentEvenWhenItsWebhooksCameFirst() {
        var noCopies = new Mix(2, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        for (boolean webhooksFirst : List.of(false, true)) {
            var story = new Story("o-1", 1250, "EUR", webhooksFirst, List.of(new Story.Charge("pi_o-1_a", true)), false, Story.STOCKED_SKU);
            var deliveries = new Deliveries(noCopies, 1, Set.of("o-1")).add(story);
            assertEquals(1, deliveries.all().size());
            assertEquals(List.of(Delivery.Kind.PLACEMENT), deliveries.roots().stream().map(d -> d.kind).toList());
            // the same story not dropped: its charge and two copies
            assertEquals(4, new Deliveries(noCopies, 1).add(story).all().size());
        }
    }

    @Test
    void theRecordMarksTheDroppedOrderAndAnOlderRecordWithoutTheMarkReadsAsNotDropped(@TempDir Path dir) throws Exception {
        var story = new Story("o-1", 1250, "EUR", false, List.of(new Story.Charge("pi_o-1_a", true)), false, Story.STOCKED_SKU);
        Path file = dir.resolve("record.jsonl");
        try (var record = new SimulationRecord(file)) {
            record.story(story, true);
        }
        assertTrue(SimulationRecord.read(file).orders().get(0).dropped());

        Files.writeString(file, "{\"record\":\"order\",\"orderId\":\"o-2\",\"amount\":5,\"currency\":\"EUR\",\"webhooksFirst\":false,"
                + "\"charges\":[{\"transactionId\":\"pi_2\",\"succeeds\":true}],\"refunded\":false}\n");
        assertFalse(SimulationRecord.read(file).orders().get(0).dropped());
    }
}
