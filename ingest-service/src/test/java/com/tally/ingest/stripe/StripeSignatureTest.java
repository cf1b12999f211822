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
