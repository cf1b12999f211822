package com.tally.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of every schema, kept as resources
 * {@code schema-history/<full name>.v<N>.avsc} (N = 1, 2, ...), so a reader built today still
 * decodes data written by every earlier release. Releasing a change to a schema means adding
 * its next version file; {@code SchemaHistoryTest} fails until the current schema is released.
 */
public final class SchemaHistory {

    private SchemaHistory() {
    }

    /** The released versions of a schema, oldest first; empty if it was never released. */
    public static List<Schema> releasedVersions(String fullName) {
        var versions = new ArrayList<Schema>();
        for (int version = 1; ; version++) {
            String resource = resourceName(fullName, version);
            try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + resource, e);
            }
        }
    }

    public static String resourceName(String fullName, int version) {
        return "schema-history/" + fullName + ".v" + version + ".avsc";
    }
}
