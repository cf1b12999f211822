package com.tally.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's shop token and operator token: made once per data directory by {@code ./tally run}
 * and kept in {@code <data-dir>/tokens.env}, which a shell loads with {@code source} and the other
 * {@code ./tally} commands read when their environment holds no token. Made, not fixed: a sandbox
 * listens on fixed ports, and a token everyone knows would protect nothing.
 */
final class SandboxTokens {

    static final String SHOP = "TALLY_SHOP_TOKEN";
    static final String OPERATOR = "TALLY_OPERATOR_TOKEN";
    /** Where {@code ./tally run} keeps its data unless {@code --data-dir} says otherwise; the commands look for the file there. */
    static final Path DEFAULT_DATA_DIR = Path.of(".tally", "sandbox");
    private static final String FILE_NAME = "tokens.env";
    /** 24 random bytes, 48 hex characters: what {@code openssl rand -hex 24} makes. */
    private static final int TOKEN_BYTES = 24;

    private final String shop;
    private final String operator;

    private SandboxTokens(String shop, String operator) {
        this.shop = shop;
        this.operator = operator;
    }

    static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** The tokens of this data directory: read from its file, or made and written the first time. */
    static SandboxTokens ofDataDir(Path dataDir) throws IOException {
        Path file = file(dataDir);
        if (Files.exists(file)) {
            return read(file);
        }
        var random = new SecureRandom();
        var made = new SandboxTokens(newToken(random), newToken(random));
        made.write(file);
        return made;
    }

    private static String newToken(SecureRandom random) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Written whole under another name, then moved: a reader never sees half a file. Readable by its owner only. */
    private void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(FILE_NAME + ".partial");
        Files.deleteIfExists(partial);
        try {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(partial);   // Windows: the user's profile directory's permissions apply
        }
        Files.writeString(partial, "# The Tally sandbox's tokens for this data directory, made by ./tally run. Load them with:\n"
                + "#   source " + file + "\n"
                + "export " + SHOP + "=" + shop + "\n"
                + "export " + OPERATOR + "=" + operator + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException anotherRunWasFirst) {
            Files.delete(partial);
        }
    }

    private static SandboxTokens read(Path file) throws IOException {
        var values = new HashMap<String, String>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String assignment = line.strip().replaceFirst("^export\\s+", "");
            int equals = assignment.indexOf('=');
            if (!assignment.startsWith("#") && equals > 0) {
                values.put(assignment.substring(0, equals), assignment.substring(equals + 1).strip());
            }
        }
        for (String name : new String[] {SHOP, OPERATOR}) {
            if (values.getOrDefault(name, "").isEmpty()) {
                throw new IOException(file + " has no " + name + ": delete the file, and ./tally run makes new tokens");
            }
        }
        return new SandboxTokens(values.get(SHOP), values.get(OPERATOR));
    }

    String shop() {
        return shop;
    }

    String operator() {
        return operator;
    }

    /** For a command that places orders: TALLY_SHOP_TOKEN from the environment, else the sandbox's file. */
    static String shopToken(Map<String, String> env) {
        return fromEnvOrFile(env, SHOP, DEFAULT_DATA_DIR).orElseThrow(() -> missing(SHOP, "Placing orders needs a shop token"));
    }

    /** For a command that queries order-stream: TALLY_OPERATOR_TOKEN from the environment, else the sandbox's file. */
    static String operatorToken(Map<String, String> env) {
        return fromEnvOrFile(env, OPERATOR, DEFAULT_DATA_DIR).orElseThrow(() -> missing(OPERATOR, "Querying order-stream needs an operator token"));
    }

    static Optional<String> fromEnvOrFile(Map<String, String> env, String name, Path dataDir) {
        String set = env.get(name);
        if (set != null && !set.isBlank()) {
            return Optional.of(set.strip());
        }
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            SandboxTokens tokens = read(file);
            return Optional.of(name.equals(SHOP) ? tokens.shop : tokens.operator);
        } catch (IOException e) {
            throw new MissingToken("cannot read " + name + ": " + e.getMessage());
        }
    }

    private static MissingToken missing(String name, String needs) {
        return new MissingToken(needs + ", and there is none: " + name + " is not set and " + file(DEFAULT_DATA_DIR)
                + " does not exist. Start the sandbox with ./tally run (it writes that file); for a sandbox with another"
                + " --data-dir, run `source <data-dir>/tokens.env` first; for a Tally elsewhere, set " + name + " to one of its tokens.");
    }

    /** A command cannot call Tally for want of a token; the message says what to do, so no stack trace goes with it. */
    static final class MissingToken extends RuntimeException {
        MissingToken(String message) {
            super(message);
        }
    }

    /** Never the tokens themselves. */
    @Override
    public String toString() {
        return "SandboxTokens[shop, operator]";
    }
}
