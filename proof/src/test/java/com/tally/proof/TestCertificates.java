package com.tally.proof;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA and a broker certificate for {@code localhost} signed by it, made by the JDK's own
 * {@code keytool}, as an operator would make them (docs/CONFIGURATION.md): no certificate library
 * on the classpath, and nothing checked in that could expire. Two keytool runs make the CA and the
 * signed broker key in one store; the broker's keystore (its key alone, with the chain) and the
 * clients' truststore (the CA's certificate alone) are then split out with {@link KeyStore}.
 */
record TestCertificates(Path brokerKeystore, Path truststore, String password) {

    private static final String CA = "tally-test-ca";
    private static final String BROKER = "broker";

    static TestCertificates create(Path dir, String password) throws Exception {
        Files.createDirectories(dir);
        Path both = dir.resolve("ca-and-broker.p12");
        keytool(dir, "-genkeypair", "-alias", CA, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Tally test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", both.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool(dir, "-genkeypair", "-alias", BROKER, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-signer", CA, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", both.toString(),
                "-storetype", "PKCS12", "-storepass", password);
        KeyStore source = load(both, password);

        KeyStore broker = KeyStore.getInstance("PKCS12");
        broker.load(null, null);
        broker.setKeyEntry(BROKER, source.getKey(BROKER, password.toCharArray()), password.toCharArray(), source.getCertificateChain(BROKER));
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        Certificate ca = source.getCertificate(CA);
        trusted.setCertificateEntry(CA, ca);
        var certificates = new TestCertificates(dir.resolve("broker.keystore.p12"), dir.resolve("client.truststore.p12"), password);
        store(broker, certificates.brokerKeystore(), password);
        store(trusted, certificates.truststore(), password);
        Files.delete(both);   // the CA's private key is needed no longer
        return certificates;
    }

    private static void keytool(Path dir, String... args) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void store(KeyStore store, Path file, String password) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }
}
