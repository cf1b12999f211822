package com.tally.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Env;
import com.tally.platform.KafkaConfig;
import com.tally.sandbox.processes.ProcessStack;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack that fails to start must not leave its broker running: the caller's
 * try-with-resources never gets the stack, so nobody else would stop it.
 */
class ProcessStackIT {

    @TempDir
    Path work;

    @Test
    void aStackThatFailsToStartStopsTheBrokerItStarted() throws Exception {
        var stack = new ProcessStack(work, 1,
                Map.of(KafkaConfig.PROCESSING_GUARANTEE, "exactly_twice"));

        var failure = assertThrows(Env.ConfigException.class, stack::start);

        assertTrue(failure.getMessage().contains(KafkaConfig.PROCESSING_GUARANTEE), failure.getMessage());
        assertEquals(1, stack.broker.starts(), "the broker was started before the configuration failed");
        assertFalse(stack.broker.alive(), "the broker outlived the failed start");
        assertFalse(stack.ingest.alive(), "ingest outlived the failed start");
    }
}
