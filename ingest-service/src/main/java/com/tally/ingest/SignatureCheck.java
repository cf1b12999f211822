package com.tally.ingest;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A provider's verdict on a webhook's signature, with a detail for the sender that says what
 * to do next. The detail never contains a secret or the signature that was expected.
 */
public record SignatureCheck(Outcome outcome, String detail) {

    public enum Outcome { VALID, MISSING, MALFORMED, STALE, MISMATCH }

    public static SignatureCheck valid() {
        return new SignatureCheck(Outcome.VALID, "signature valid");
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }

    /**
     * STALE when the signed time is further from now than the tolerance in either direction: a
     * captured request cannot be replayed later, and one from a clock far ahead is refused too.
     */
    public static Optional<SignatureCheck> outsideTolerance(String header, long signedAtSeconds, Clock clock, Duration tolerance) {
        long skew = clock.instant().getEpochSecond() - signedAtSeconds;
        if (Math.abs(skew) <= tolerance.toSeconds()) {
            return Optional.empty();
        }
        String when = skew > 0 ? skew + " s old" : (-skew) + " s in the future";
        return Optional.of(new SignatureCheck(Outcome.STALE, header + " timestamp is " + when + ", beyond the "
                + tolerance.toSeconds() + " s tolerance: resend with a fresh signature (and check the sender's clock)"));
    }

    /**
     * VALID when any candidate equals HMAC-SHA256 over {@code signedPrefix + body} under any key
     * (several secrets while rotating, several signatures per request), compared in constant time.
     */
    public static SignatureCheck matchAny(List<byte[]> keys, List<byte[]> candidates, String header, byte[] signedPrefix, byte[] body) {
        for (byte[] key : keys) {
            byte[] expected = HmacSha256.of(key, signedPrefix, body);
            for (byte[] candidate : candidates) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return valid();
                }
            }
        }
        return new SignatureCheck(Outcome.MISMATCH, "no v1 signature in " + header
                + " matches the body: check that the endpoint secret is the one configured and that the body is sent unchanged");
    }
}
