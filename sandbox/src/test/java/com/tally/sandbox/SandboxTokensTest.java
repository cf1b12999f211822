package com.tally.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTokensTest {

    @TempDir
    Path dataDir;

    @Test
    void theFirstRunMakesTwoRandomHexTokensAndWritesThemForASourcingShell() throws Exception {
        SandboxTokens tokens = SandboxTokens.ofDataDir(dataDir);

        assertTrue(tokens.shop().matches("[0-9a-f]{48}"), "24 random bytes in hex");
        assertTrue(tokens.operator().matches("[0-9a-f]{48}"));
        assertNotEquals(tokens.shop(), tokens.operator());
        List<String> exports = Files.readAllLines(dataDir.resolve("tokens.env")).stream().filter(line -> !line.startsWith("#")).toList();
        assertEquals(List.of("export TALLY_SHOP_TOKEN=" + tokens.shop(), "export TALLY_OPERATOR_TOKEN=" + tokens.operator()), exports);
    }

    @Test
    void laterRunsOnTheSameDataDirectoryKeepTheTokens() throws Exception {
        SandboxTokens first = SandboxTokens.ofDataDir(dataDir);

        SandboxTokens again = SandboxTokens.ofDataDir(dataDir);

        assertEquals(first.shop(), again.shop());
        assertEquals(first.operator(), again.operator());
        assertNotEquals(first.shop(), SandboxTokens.ofDataDir(dataDir.resolve("other")).shop(), "another data directory, other tokens");
    }

    @Test
    void theFileIsReadableByItsOwnerOnly() throws Exception {
        SandboxTokens.ofDataDir(dataDir);

        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tokens.env"))));
        }
    }

    @Test
    void aCommandTakesTheTokenFromItsEnvironmentBeforeTheFile() throws Exception {
        SandboxTokens tokens = SandboxTokens.ofDataDir(dataDir);

        assertEquals(Optional.of("set-in-the-environment-000000"),
                SandboxTokens.fromEnvOrFile(Map.of(SandboxTokens.SHOP, "set-in-the-environment-000000"), SandboxTokens.SHOP, dataDir));
        assertEquals(Optional.of(tokens.operator()), SandboxTokens.fromEnvOrFile(Map.of(), SandboxTokens.OPERATOR, dataDir));
        assertEquals(Optional.empty(), SandboxTokens.fromEnvOrFile(Map.of(), SandboxTokens.OPERATOR, dataDir.resolve("never-run")));
    }

    @Test
    void aFileWithoutATokenSaysHowToGetNewOnes() throws Exception {
        Files.writeString(dataDir.resolve("tokens.env"), "export TALLY_SHOP_TOKEN=abc\n");

        var failure = assertThrows(SandboxTokens.MissingToken.class,
                () -> SandboxTokens.fromEnvOrFile(Map.of(), SandboxTokens.SHOP, dataDir));

        assertEquals("cannot read TALLY_SHOP_TOKEN: " + dataDir.resolve("tokens.env")
                + " has no TALLY_OPERATOR_TOKEN: delete the file, and ./tally run makes new tokens", failure.getMessage());
    }
}
