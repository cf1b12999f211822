package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TempDirectoryTest {

    @Test
    void closeDeletesTheDirectoryWithNestedFilesAndDirectories() throws Exception {
        Path path;
        try (var temp = TempDirectory.create("tally-temp-test")) {
            path = temp.path();
            Files.createDirectories(path.resolve("kafka/payments.webhooks-0"));
            Files.writeString(path.resolve("kafka/payments.webhooks-0/00000000000000000000.log"), "records");
            Files.writeString(path.resolve("ingest.log"), "started");
            assertTrue(Files.isDirectory(path));
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void aKeptDirectoryStaysWithItsContents() throws Exception {
        Path path;
        try (var temp = TempDirectory.create("tally-temp-test")) {
            path = temp.path();
            Files.writeString(path.resolve("order-stream.log"), "killed");
            temp.keep();
            assertTrue(temp.kept());
        }
        try {
            assertEquals("killed", Files.readString(path.resolve("order-stream.log")));
        } finally {
            TempDirectory.delete(path);
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void deletingADirectoryThatIsNotThereIsNoError() throws Exception {
        Path gone;
        try (var temp = TempDirectory.create("tally-temp-test")) {
            gone = temp.path();
        }
        assertDoesNotThrow(() -> TempDirectory.delete(gone));
        assertDoesNotThrow(() -> TempDirectory.delete(gone.resolve("never/created")));
    }
}
