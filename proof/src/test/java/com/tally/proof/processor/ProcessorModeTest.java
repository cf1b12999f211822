package com.tally.proof.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorModeTest {

    @Test
    void parsesEveryModeWithItsParametersAndDefaults() {
        assertEquals(ProcessorMode.up(), ProcessorMode.parse(Map.of("mode", "up")));
        assertEquals(ProcessorMode.down(Duration.ofMinutes(1)), ProcessorMode.parse(Map.of("mode", "DOWN")));
        assertEquals(ProcessorMode.fail(500), ProcessorMode.parse(Map.of("mode", "fail")));
        assertEquals(ProcessorMode.fail(429), ProcessorMode.parse(Map.of("mode", "fail", "status", "429")));
        assertEquals(ProcessorMode.refuse(), ProcessorMode.parse(Map.of("mode", "refuse")));
        assertEquals(ProcessorMode.refuse(400, "no"), ProcessorMode.parse(Map.of("mode", "refuse", "status", "400", "message", "no")));
        assertEquals(ProcessorMode.hold(Duration.ofMinutes(5)), ProcessorMode.parse(Map.of("mode", "hold")));
        assertEquals(ProcessorMode.hold(Duration.ofSeconds(10)), ProcessorMode.parse(Map.of("mode", "hold", "timeout", "PT10S")));
    }

    @Test
    void aModeWithoutWhatItNeedsIsRefusedWithWhatToSend() {
        assertEquals("say which mode: mode=up|down|fail|refuse|hold", refusal(Map.of()));
        assertEquals("fail's status must be one of 429, 500, 502, 503, not 404", refusal(Map.of("mode", "fail", "status", "404")));
        assertEquals("status=x is not an HTTP status such as 402", refusal(Map.of("mode", "refuse", "status", "x")));
        assertEquals("timeout=5m is not an ISO-8601 duration: write it as PT1M, or PT0.5S for half a second",
                refusal(Map.of("mode", "hold", "timeout", "5m")));
        assertEquals("there is no mode slow: use one of up|down|fail|refuse|hold", refusal(Map.of("mode", "slow")));
    }

    private static String refusal(Map<String, String> parameters) {
        return assertThrows(IllegalArgumentException.class, () -> ProcessorMode.parse(parameters)).getMessage();
    }
}
