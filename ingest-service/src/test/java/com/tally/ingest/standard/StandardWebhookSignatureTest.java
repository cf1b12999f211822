package com.tally.ingest.standard;

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
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks scheme, checked against the specification's published test vector. */
class StandardWebhookSignatureTest {

    // the specification's test vector: this secret signs this id, timestamp and payload to this signature
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] PAYLOAD = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static StandardWebhookSignature verifierAt(long unixSeconds, String... secrets) {
        return new StandardWebhookSignature(List.of(secrets), "TALLY_STANDARD_WEBHOOK_SECRET", Duration.ofSeconds(300),
                Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC));
    }

    @Test
    void specificationTestVectorSignsAsPublished() {
        assertEquals(SIGNATURE, StandardWebhookSignature.sign(SECRET, ID, TIMESTAMP, PAYLOAD));
    }

    @Test
    void specificationTestVectorVerifies() {
        assertEquals(Outcome.VALID, verifierAt(TIMESTAMP, SECRET).verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, PAYLOAD).outcome());
    }

    @Test
    void oneOfSeveralSpaceSeparatedSignaturesMayMatch() {
        String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,ignored " + SIGNATURE;

        assertEquals(Outcome.VALID, verifierAt(TIMESTAMP, SECRET).verify(ID, String.valueOf(TIMESTAMP), header, PAYLOAD).outcome());
    }

    @Test
    void rotatedSecretStillVerifies() {
        var rotating = verifierAt(TIMESTAMP, "whsec_" + Base64.getEncoder().encodeToString("a-new-secret-key".getBytes()), SECRET);

        assertEquals(Outcome.VALID, rotating.verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, PAYLOAD).outcome());
    }

    @Test
    void wrongSecretIsAMismatch() {
        var other = verifierAt(TIMESTAMP, "whsec_" + Base64.getEncoder().encodeToString("someone-else".getBytes()));

        assertEquals(Outcome.MISMATCH, other.verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, PAYLOAD).outcome());
    }

    @Test
    void tamperedPayloadIsAMismatch() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

        assertEquals(Outcome.MISMATCH, verifierAt(TIMESTAMP, SECRET).verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, tampered).outcome());
    }

    @Test
    void anotherMessageIdIsAMismatch() {
        assertEquals(Outcome.MISMATCH, verifierAt(TIMESTAMP, SECRET).verify("msg_other", String.valueOf(TIMESTAMP), SIGNATURE, PAYLOAD).outcome());
    }

    @Test
    void replayOlderThanTheToleranceIsStale() {
        var verification = verifierAt(TIMESTAMP + 301, SECRET).verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, PAYLOAD);

        assertEquals(Outcome.STALE, verification.outcome());
        assertTrue(verification.detail().contains("301 s old"), verification.detail());
    }

    @Test
    void timestampFromTheFutureIsStaleToo() {
        assertEquals(Outcome.STALE, verifierAt(TIMESTAMP - 301, SECRET).verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, PAYLOAD).outcome());
    }

    @Test
    void missingHeadersAreMissing() {
        var verifier = verifierAt(TIMESTAMP, SECRET);

        assertEquals(Outcome.MISSING, verifier.verify(null, String.valueOf(TIMESTAMP), SIGNATURE, PAYLOAD).outcome());
        assertEquals(Outcome.MISSING, verifier.verify(ID, null, SIGNATURE, PAYLOAD).outcome());
        assertEquals(Outcome.MISSING, verifier.verify(ID, String.valueOf(TIMESTAMP), "", PAYLOAD).outcome());
    }

    @Test
    void signatureWithoutV1EntryIsMalformed() {
        assertEquals(Outcome.MALFORMED, verifierAt(TIMESTAMP, SECRET).verify(ID, String.valueOf(TIMESTAMP), "v2,abc", PAYLOAD).outcome());
        assertEquals(Outcome.MALFORMED, verifierAt(TIMESTAMP, SECRET).verify(ID, "yesterday", SIGNATURE, PAYLOAD).outcome());
    }

    @Test
    void detailsNeverRevealTheSecretOrTheExpectedSignature() {
        var other = verifierAt(TIMESTAMP, "whsec_" + Base64.getEncoder().encodeToString("someone-else".getBytes()));
        String detail = other.verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, PAYLOAD).detail();

        assertFalse(detail.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertFalse(detail.contains("g0hM9SsE"));
    }

    @Test
    void secretThatIsNotBase64RefusesToStart() {
        var failure = assertThrows(IllegalArgumentException.class, () -> verifierAt(TIMESTAMP, "whsec_not base64!"));

        assertTrue(failure.getMessage().contains("TALLY_STANDARD_WEBHOOK_SECRET"));
    }

    @Test
    void secretWithNothingAfterThePrefixRefusesToStart() {
        var failure = assertThrows(IllegalArgumentException.class, () -> verifierAt(TIMESTAMP, SECRET, "whsec_"));

        assertTrue(failure.getMessage().contains("nothing after whsec_"), failure.getMessage());
    }
}
