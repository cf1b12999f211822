package com.tally.notification;

import com.github.mustachejava.MustacheResolver;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the template files are: a shop's directory first, file by file, then the built-in ones on
 * the classpath under {@code templates/}. A shop replaces only the files it wants to change.
 */
public final class Templates implements MustacheResolver {

    static final String CLASSPATH_ROOT = "templates/";

    private final Path overrideDir;
    private final ClassLoader classLoader;

    private Templates(Path overrideDir) {
        this.overrideDir = overrideDir == null ? null : overrideDir.toAbsolutePath().normalize();
        this.classLoader = Templates.class.getClassLoader();
    }

    /** The built-in templates only. */
    public static Templates builtIn() {
        return new Templates(null);
    }

    /** A shop's directory in front of the built-in templates. */
    public static Templates overriddenBy(Path directory) {
        return new Templates(directory);
    }

    public boolean exists(String name) {
        return overrideFile(name) != null || classLoader.getResource(CLASSPATH_ROOT + name) != null;
    }

    /** Where a missing template goes, for messages. */
    String whereToAdd() {
        return overrideDir == null
                ? "the classpath under " + CLASSPATH_ROOT + " (or set " + EmailSettings.TEMPLATES_DIR + " to a directory and add them there)"
                : overrideDir + " (" + EmailSettings.TEMPLATES_DIR + ")";
    }

    @Override
    public Reader getReader(String name) {
        Path file = overrideFile(name);
        try {
            if (file != null) {
                return Files.newBufferedReader(file, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + file + ": make it readable by the service", e);
        }
        var resource = classLoader.getResourceAsStream(CLASSPATH_ROOT + name);
        return resource == null ? null : new InputStreamReader(resource, StandardCharsets.UTF_8);
    }

    private Path overrideFile(String name) {
        if (overrideDir == null) {
            return null;
        }
        Path file = overrideDir.resolve(name).normalize();
        // a partial's name comes from a template: it may not reach outside the shop's directory
        return file.startsWith(overrideDir) && Files.isRegularFile(file) ? file : null;
    }
}
