package com.tally.ingest.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.ingest.SignatureCheck.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StripeSignatureTest {

    private static final String SECRET = "whsec_test_secret_one";
    private static final String OLD_SECRET = "whsec_test_secret_old";
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}".getBytes(StandardCharsets.UTF_8);

    private final StripeSignature verifier = new StripeSignature(List.of(SECRET), Duration.ofSeconds(300), Clock.fixed(NOW, ZoneOffset.UTC));

    private static String v1Of(String header) {
        return header.substring(header.indexOf("v1=") + 3);
    }

    /**
     * A vector made outside this code, so a mistake shared by sign and verify cannot pass:
     * {@code printf '%s' '1735689600.<body>' | openssl dgst -sha256 -hmac 'whsec_test_vector_secret'}.
     * Stripe keys the HMAC with the whole secret string, prefix included.
     */
    private static final String VECTOR_SECRET = "whsec_test_vector_secret";
    private static final long VECTOR_TIMESTAMP = 1735689600L;
    private static final byte[] VECTOR_BODY = "{\"id\":\"evt_1QcX\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String VECTOR_HEADER = "t=1735689600,v1=7ed262fdcb1a7efd80484c8cb073cc3adafed2f6388f7d6b07dc4891c95375c6";

    @Test
    void signatureComputedByOpensslVerifies() {
        var atThatTime = new StripeSignature(List.of(VECTOR_SECRET), Duration.ofSeconds(300),
                Clock.fixed(Instant.ofEpochSecond(VECTOR_TIMESTAMP + 10), ZoneOffset.UTC));

        assertEquals(Outcome.VALID, atThatTime.verify(VECTOR_HEADER, VECTOR_BODY).outcome());
        assertEquals(Outcome.MISMATCH, atThatTime.verify(VECTOR_HEADER.replace("v1=7e", "v1=8e"), VECTOR_BODY).outcome());
    }

    @Test
    void signMakesTheSameHeaderAsOpenssl() {
        assertEquals(VECTOR_HEADER, StripeSignature.sign(VECTOR_SECRET, VECTOR_TIMESTAMP, VECTOR_BODY));
    }

    @Test
    void signatureMadeWithTheSecretIsValid() {
        var verification = verifier.verify(StripeSignature.sign(SECRET, NOW.getEpochSecond(), BODY), BODY);

        assertEquals(Outcome.VALID, verification.outcome());
        assertTrue(verification.isValid());
    }

    @Test
    void secondV1EntryMayBeTheOneThatMatches() {
        String good = v1Of(StripeSignature.sign(SECRET, NOW.getEpochSecond(), BODY));
        String header = "t=" + NOW.getEpochSecond() + ",v1=" + "ab".repeat(32) + ",v1=" + good + ",v0=deadbeef";

        assertEquals(Outcome.VALID, verifier.verify(header, BODY).outcome());
    }

    @Test
    void anyConfiguredSecretIsAcceptedDuringRotation() {
        var rotating = new StripeSignature(List.of(SECRET, OLD_SECRET), Duration.ofSeconds(300), Clock.fixed(NOW, ZoneOffset.UTC));

        assertEquals(Outcome.VALID, rotating.verify(StripeSignature.sign(OLD_SECRET, NOW.getEpochSecond(), BODY), BODY).outcome());
    }

    @Test
    void signatureWithAnotherSecretIsAMismatch() {
        assertEquals(Outcome.MISMATCH, verifier.verify(StripeSignature.sign("whsec_forged", NOW.getEpochSecond(), BODY), BODY).outcome());
    }

    @Test
    void bodyChangedByOneByteIsAMismatch() {
        String header = StripeSignature.sign(SECRET, NOW.getEpochSecond(), BODY);
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 2] ^= 1;

        assertEquals(Outcome.MISMATCH, verifier.verify(header, tampered).outcome());
    }

    @Test
    void timestamp301SecondsOldIsStale() {
        var verification = verifier.verify(StripeSignature.sign(SECRET, NOW.getEpochSecond() - 301, BODY), BODY);

        assertEquals(Outcome.STALE, verification.outcome());
        assertTrue(verification.detail().contains("301 s old"), verification.detail());
    }

    @Test
    void timestamp301SecondsInTheFutureIsStaleToo() {
        var verification = verifier.verify(StripeSignature.sign(SECRET, NOW.getEpochSecond() + 301, BODY), BODY);

        assertEquals(Outcome.STALE, verification.outcome());
        assertTrue(verification.detail().contains("in the future"), verification.detail());
    }

    @Test
    void timestamp299SecondsOldIsStillValid() {
        assertEquals(Outcome.VALID, verifier.verify(StripeSignature.sign(SECRET, NOW.getEpochSecond() - 299, BODY), BODY).outcome());
    }

    @Test
    void missingHeaderIsMissing() {
        assertEquals(Outcome.MISSING, verifier.verify(null, BODY).outcome());
        assertEquals(Outcome.MISSING, verifier.verify("  ", BODY).outcome());
    }

    @Test
    void headerWithoutTimestampOrSignatureIsMalformed() {
        assertEquals(Outcome.MALFORMED, verifier.verify("garbage", BODY).outcome());
        assertEquals(Outcome.MALFORMED, verifier.verify("t=abc,v1=00", BODY).outcome());
        assertEquals(Outcome.MALFORMED, verifier.verify("t=" + NOW.getEpochSecond(), BODY).outcome());
    }

    @Test
    void noDetailRevealsTheSecretOrTheExpectedSignature() {
        String expected = v1Of(StripeSignature.sign(SECRET, NOW.getEpochSecond(), BODY));
        for (String header : List.of("garbage", StripeSignature.sign("whsec_other", NOW.getEpochSecond(), BODY),
                StripeSignature.sign(SECRET, NOW.getEpochSecond() - 1_000, BODY))) {
            String detail = verifier.verify(header, BODY).detail();
            assertFalse(detail.contains(SECRET), detail);
            assertFalse(detail.contains(expected), detail);
        }
    }

    @Test
    void verifierWithoutSecretRefusesToExist() {
        var failure = assertThrows(IllegalArgumentException.class,
                () -> new StripeSignature(List.of(), Duration.ofSeconds(300), Clock.systemUTC()));

        assertTrue(failure.getMessage().contains("TALLY_STRIPE_WEBHOOK_SECRET"));
    }
}
