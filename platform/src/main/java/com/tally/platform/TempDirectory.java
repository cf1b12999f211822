package com.tally.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new directory under the system's temporary directory that is deleted, with everything in it,
 * when closed, or when the JVM exits first (Ctrl-C during a benchmark), unless it is kept. A
 * benchmark's broker writes gigabytes: left behind run after run, they filled this machine's disk.
 *
 * <pre>{@code
 * try (var work = TempDirectory.create("tally-bench-kafka")) {
 *     ... work.path() ...
 * }
 * }</pre>
 */
public final class TempDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TempDirectory.class);

    private final Path path;
    private final Thread deleteOnExit;
    private volatile boolean kept;

    private TempDirectory(Path path) {
        this.path = path;
        this.deleteOnExit = new Thread(this::deleteUnlessKept, "delete-" + path.getFileName());
        Runtime.getRuntime().addShutdownHook(deleteOnExit);
    }

    public static TempDirectory create(String prefix) throws IOException {
        return new TempDirectory(Files.createTempDirectory(prefix));
    }

    public Path path() {
        return path;
    }

    /** Leaves the directory in place, so the logs of a failed run can be read. */
    public TempDirectory keep() {
        kept = true;
        return this;
    }

    public boolean kept() {
        return kept;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException exiting) {
            // closed during the JVM's shutdown: the hook runs too, and finds nothing left to delete
        }
        deleteUnlessKept();
    }

    private void deleteUnlessKept() {
        if (kept) {
            return;
        }
        try {
            delete(path);
        } catch (UncheckedIOException e) {
            log.warn("{}", e.getMessage());
        }
    }

    /**
     * Deletes a directory and everything in it. A file that vanishes meanwhile (a process still
     * stopping removes its own) is no error, and neither is a directory that is not there.
     */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + " (" + e + "): delete it by hand", e);
        }
    }
}
