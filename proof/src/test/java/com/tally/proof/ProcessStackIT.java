package com.tally.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Env;
import com.tally.platform.KafkaConfig;
import com.tally.proof.stack.ProcessStack;
import com.tally.proof.stack.TallyProcesses;
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
        var stack = new ProcessStack(work, 1, TallyProcesses.ALL,
                Map.of(KafkaConfig.PROCESSING_GUARANTEE, "exactly_twice"));

        var failure = assertThrows(Env.ConfigException.class, stack::start);

        assertTrue(failure.getMessage().contains(KafkaConfig.PROCESSING_GUARANTEE), failure.getMessage());
        assertEquals(1, stack.broker.starts(), "the broker was started before the configuration failed");
        assertFalse(stack.broker.alive(), "the broker outlived the failed start");
        for (var service : TallyProcesses.ALL) {
            assertFalse(stack.process(service.name()).alive(), service.name() + " outlived the failed start");
        }
    }
}
