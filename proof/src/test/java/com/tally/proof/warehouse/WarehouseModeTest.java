package com.tally.proof.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WarehouseModeTest {

    @Test
    void parsesEveryModeWithItsParametersAndDefaults() {
        assertEquals(WarehouseMode.up(), WarehouseMode.parse(Map.of("mode", "up")));
        assertEquals(WarehouseMode.down(Duration.ofMinutes(1)), WarehouseMode.parse(Map.of("mode", "down")));
        assertEquals(WarehouseMode.down(Duration.ofSeconds(30)), WarehouseMode.parse(Map.of("mode", "DOWN", "for", "PT30S")));
        assertEquals(WarehouseMode.slow(Duration.ofMillis(1500)), WarehouseMode.parse(Map.of("mode", "slow", "delay", "PT1.5S")));
        assertEquals(WarehouseMode.flaky(30), WarehouseMode.parse(Map.of("mode", "flaky", "percent", "30")));
        assertEquals(new WarehouseMode.Reject(Set.of("SKU-2", "SKU-3")), WarehouseMode.parse(Map.of("mode", "reject", "sku", "SKU-2, SKU-3")));
        assertEquals(WarehouseMode.hold(Duration.ofMinutes(5)), WarehouseMode.parse(Map.of("mode", "hold")));
        assertEquals(WarehouseMode.hold(Duration.ofSeconds(10)), WarehouseMode.parse(Map.of("mode", "hold", "timeout", "PT10S")));
    }

    @Test
    void aModeWithoutWhatItNeedsIsRefusedWithWhatToSend() {
        assertEquals("say which mode: mode=up|down|slow|flaky|reject|hold", refusal(Map.of()));
        assertEquals("slow needs delay, a duration such as PT3S", refusal(Map.of("mode", "slow")));
        assertEquals("flaky needs percent, a whole number from 0 to 100: percent=30", refusal(Map.of("mode", "flaky")));
        assertEquals("flaky needs percent, a whole number from 0 to 100, not 101", refusal(Map.of("mode", "flaky", "percent", "101")));
        assertEquals("reject needs sku, the SKU to refuse (several: comma-separated)", refusal(Map.of("mode", "reject", "sku", " , ")));
        assertEquals("delay=3s is not an ISO-8601 duration: write it as PT3S, or PT0.5S for half a second",
                refusal(Map.of("mode", "slow", "delay", "3s")));
        assertEquals("for must be a positive duration such as PT1M, not PT0S", refusal(Map.of("mode", "down", "for", "PT0S")));
    }

    private static String refusal(Map<String, String> parameters) {
        return assertThrows(IllegalArgumentException.class, () -> WarehouseMode.parse(parameters)).getMessage();
    }

    @Test
    void flakyFailsNoCallAtZeroEveryCallAtHundredAndTheSameCallsForOneSeed() {
        assertTrue(IntStream.rangeClosed(1, 100).noneMatch(n -> WarehouseMode.flaky(0).fails(7, "ful_a", n)));
        assertTrue(IntStream.rangeClosed(1, 100).allMatch(n -> WarehouseMode.flaky(100).fails(7, "ful_a", n)));
        var flaky = WarehouseMode.flaky(50);
        var firstRun = IntStream.rangeClosed(1, 100).mapToObj(n -> flaky.fails(7, "ful_a", n)).toList();
        assertEquals(firstRun, IntStream.rangeClosed(1, 100).mapToObj(n -> flaky.fails(7, "ful_a", n)).toList());
        assertTrue(firstRun.contains(true) && firstRun.contains(false), firstRun.toString());
        assertFalse(IntStream.rangeClosed(1, 100).mapToObj(n -> flaky.fails(8, "ful_a", n)).toList().equals(firstRun),
                "another seed, other calls");
    }
}
