package com.tally.platform.testing;

import com.tally.platform.TempDirectory;
import com.tally.platform.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The one embedded broker of a test JVM: started by the first integration test that asks for
 * it, shared by every test class after it, stopped and its data deleted when the JVM exits. Starting a broker per
 * class would cost seconds each and is what this avoids.
 *
 * <pre>{@code
 * String bootstrap = SharedKafka.bootstrapServers();
 * }</pre>
 */
public final class SharedKafka {

    private static EmbeddedKafkaBroker broker;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                broker = EmbeddedKafkaBroker.builder()
                        .port(0)
                        .dataDir(Files.createTempDirectory("tally-test-kafka"))
                        .build()
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for the test broker", e);
            }
            EmbeddedKafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                TempDirectory.delete(started.dataDir());
            }, "shared-kafka-stop"));
        }
        return broker.bootstrapServers();
    }
}
