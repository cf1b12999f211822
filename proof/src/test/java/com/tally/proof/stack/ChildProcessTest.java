package com.tally.proof.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildProcessTest {

    @Test
    void aChildGetsTheDefaultHeapOrItsOwn() {
        assertEquals(ChildProcess.DEFAULT_MAX_HEAP, new ChildProcess("a", "Main", Map.of(), List.of(), Path.of("logs")).maxHeap());
        assertEquals("128m", new ChildProcess("a", "Main", Map.of(), List.of(), Path.of("logs"), "128m").maxHeap());
    }

    @Test
    void aHeapSizeTheJvmWouldNotTakeIsRefusedWithAnExample() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> new ChildProcess("a", "Main", Map.of(), List.of(), Path.of("logs"), "128MB"));
        assertTrue(refused.getMessage().contains("such as 128m"), refused.getMessage());
    }
}
