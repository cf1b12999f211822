package com.tally.proof.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tally.fulfillment.FulfillmentIds;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconciliationInvariantsTest {

    private static final Set<String> DROPPED = Set.of("o-1", "o-2");

    @Test
    void beforeAnyReportIsReconciledTheDroppedOrdersAreOwedAHealNotFailures() {
        assertEquals(List.of(), ReconciliationInvariants.droppedHealedOnce(DROPPED, Map.of(), Map.of(), Map.of()));
    }

    @Test
    void eachDroppedOrderHealedOncePaidOnceAndRequestedOnceHolds() {
        var check = ReconciliationInvariants.droppedHealedOnce(DROPPED, Map.of("o-1", 1L, "o-2", 1L), Map.of("o-1", 1L, "o-2", 1L),
                Map.of("o-1", Set.of(FulfillmentIds.requestId("o-1")), "o-2", Set.of(FulfillmentIds.requestId("o-2"))));

        assertJudged(check, 2, List.of());
    }

    @Test
    void aSecondHealAMissedHealAndASecondPaidAreEachNamed() {
        var check = ReconciliationInvariants.droppedHealedOnce(Set.of("o-1", "o-2", "o-3"), Map.of("o-1", 2L, "o-3", 1L),
                Map.of("o-1", 1L, "o-3", 2L),
                Map.of("o-1", Set.of(FulfillmentIds.requestId("o-1")), "o-3", Set.of(FulfillmentIds.requestId("o-3"))));

        assertJudged(check, 3, List.of(
                "o-1: healed 2 times, PAID 1 times, fulfillment request IDs [" + FulfillmentIds.requestId("o-1") + "]",
                "o-2: healed 0 times, PAID 0 times, fulfillment request IDs []",
                "o-3: healed 1 times, PAID 2 times, fulfillment request IDs [" + FulfillmentIds.requestId("o-3") + "]"));
    }

    @Test
    void aHealedOrderWithoutItsFulfillmentRequestIsAnOffender() {
        var check = ReconciliationInvariants.droppedHealedOnce(Set.of("o-1"), Map.of("o-1", 1L), Map.of("o-1", 1L), Map.of());

        assertJudged(check, 1, List.of("o-1: healed 1 times, PAID 1 times, fulfillment request IDs []"));
    }

    private static void assertJudged(List<Check> checks, int checked, List<String> offenders) {
        assertEquals(1, checks.size());
        Check check = checks.get(0);
        assertEquals(ReconciliationInvariants.DROPPED_HEALED_ONCE, check.invariant());
        assertEquals(checked, check.checked());
        assertEquals(offenders, check.offenders());
    }
}
