package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

/** A refused login or TLS handshake at start is one line naming the settings to fix, wherever it is found. */
class KafkaAuthenticationFailureTest {

    private static final String REFUSED = "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512";

    @Test
    void aRefusedLoginDeepInAStartFailureNamesTheJaasConfigAndTheFile() {
        var failure = new IllegalStateException("cannot create topic payments.webhooks",
                new ExecutionException(new SaslAuthenticationException(REFUSED)));

        RuntimeException explained = KafkaAuthenticationFailure.explain(failure, "while creating topics on broker:9093");

        assertEquals("Kafka refused Tally's credentials while creating topics on broker:9093 (" + REFUSED + "): check the user name"
                + " and password in TALLY_KAFKA_SASL_JAAS_CONFIG and the mechanism in TALLY_KAFKA_SASL_MECHANISM (or those properties"
                + " in the file TALLY_KAFKA_CONFIG_FILE names; a variable wins over the file)", explained.getMessage());
    }

    @Test
    void aFailedTlsHandshakeNamesTheTruststoreAndKeystoreWithTheCertificateProblem() {
        var failure = new IllegalStateException(new SslAuthenticationException("SSL handshake failed",
                new SSLHandshakeException("PKIX path building failed")));

        String message = KafkaAuthenticationFailure.explain(failure, "while starting order-stream").getMessage();

        assertTrue(message.startsWith("the TLS handshake with Kafka failed while starting order-stream (SSL handshake failed: PKIX path"
                + " building failed): check TALLY_KAFKA_SSL_TRUSTSTORE_LOCATION and TALLY_KAFKA_SSL_TRUSTSTORE_PASSWORD"), message);
        assertTrue(message.contains("TALLY_KAFKA_SSL_KEYSTORE_LOCATION and TALLY_KAFKA_SSL_KEYSTORE_PASSWORD"), message);
    }

    @Test
    void theLineIsAllThatIsPrinted() {
        var explained = KafkaAuthenticationFailure.explain(new IllegalStateException(new SaslAuthenticationException(REFUSED)), "at start");

        assertEquals(0, explained.getStackTrace().length);
        assertEquals(null, explained.getCause());
    }

    @Test
    void anyOtherFailureIsLeftAsItIs() {
        var failure = new IllegalStateException("cannot create topic x", new ExecutionException(new IllegalArgumentException("no")));

        assertSame(failure, KafkaAuthenticationFailure.explain(failure, "at start"));
    }

    @Test
    void aServiceThatCannotLogInStopsTheStartClosedAndSaidInOneLine() {
        var closed = new ArrayList<String>();
        var refused = new FakeService("ingest-service", closed, new IllegalStateException(new SaslAuthenticationException(REFUSED)));

        var failure = assertThrows(KafkaAuthenticationFailure.class,
                () -> ServiceLauncher.startAll(List.of(new FakeService("order-stream", closed, null), refused)));

        assertTrue(failure.getMessage().startsWith("Kafka refused Tally's credentials while starting ingest-service ("), failure.getMessage());
        assertEquals(List.of("ingest-service", "order-stream"), closed);
    }

    private record FakeService(String name, List<String> closed, RuntimeException startFailure) implements TallyService {

        @Override
        public void start() {
            if (startFailure != null) {
                throw startFailure;
            }
        }

        @Override
        public String url() {
            return "http://localhost";
        }

        @Override
        public void close() {
            closed.add(name);
        }
    }
}
