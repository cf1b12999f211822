package com.tally.ingest;

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
}
