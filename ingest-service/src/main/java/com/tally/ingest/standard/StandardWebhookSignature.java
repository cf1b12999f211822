package com.tally.ingest.standard;

import com.tally.ingest.HmacSha256;
import com.tally.ingest.SignatureCheck;
import com.tally.ingest.SignatureCheck.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Standard Webhooks signature scheme: {@code webhook-signature} holds space-separated
 * {@code v1,<base64>} entries, each an HMAC-SHA256 over {@code <webhook-id>.<webhook-timestamp>.<body>}
 * with the key that a {@code whsec_<base64>} secret encodes. Several entries and several
 * secrets are accepted (rotation); the timestamp must be within the tolerance either way. Both
 * the {@code standard} payment provider and the {@code warehouse} callbacks use it, each with
 * its own secret.
 */
public final class StandardWebhookSignature {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    private static final String SECRET_PREFIX = "whsec_";

    private final List<byte[]> keys;
    private final Duration tolerance;
    private final Clock clock;

    /** @param secretVariable where the secrets come from, named when one of them is unusable */
    public StandardWebhookSignature(List<String> secrets, String secretVariable, Duration tolerance, Clock clock) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("no Standard Webhooks secret: set " + secretVariable
                    + " to the endpoint's signing secret (whsec_<base64>), comma-separated while rotating");
        }
        this.keys = secrets.stream().map(secret -> key(secret, secretVariable)).toList();
        this.tolerance = tolerance;
        this.clock = clock;
    }

    private static byte[] key(String secret, String secretVariable) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(secretVariable + " holds a secret that is not whsec_ followed by base64:"
                    + " copy the secret exactly as the sender shows it");
        }
        // an empty key cannot sign anything: refusing here beats answering every webhook 500
        if (key.length == 0) {
            throw new IllegalArgumentException(secretVariable + " holds a secret with nothing after whsec_:"
                    + " copy the whole secret as the sender shows it");
        }
        return key;
    }

    /** Checks a request by its headers (lower-case names). */
    public SignatureCheck verify(Map<String, String> headers, byte[] body) {
        return verify(headers.get(ID), headers.get(TIMESTAMP), headers.get(SIGNATURE), body);
    }

    public SignatureCheck verify(String id, String timestamp, String signatures, byte[] body) {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
            return new SignatureCheck(Outcome.MISSING, "Standard Webhooks need the headers " + ID + ", " + TIMESTAMP + " and "
                    + SIGNATURE + "; at least one is missing");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return new SignatureCheck(Outcome.MALFORMED, TIMESTAMP + " must be unix seconds");
        }
        var candidates = new ArrayList<byte[]>();
        for (String entry : signatures.trim().split(" +")) {
            if (entry.startsWith("v1,")) {
                try {
                    candidates.add(Base64.getDecoder().decode(entry.substring(3)));
                } catch (IllegalArgumentException e) {
                    // not base64: cannot match; other entries may
                }
            }
        }
        if (candidates.isEmpty()) {
            return new SignatureCheck(Outcome.MALFORMED, SIGNATURE + " needs at least one v1,<base64> entry");
        }
        var stale = SignatureCheck.outsideTolerance(TIMESTAMP, seconds, clock, tolerance);
        if (stale.isPresent()) {
            return stale.get();
        }
        return SignatureCheck.matchAny(keys, candidates, SIGNATURE, signedPrefix(id, seconds), body);
    }

    /** The {@code webhook-signature} value a sender computes: for tests and the sandbox. */
    public static String sign(String secret, String id, long unixSeconds, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(HmacSha256.of(key(secret, "the signing secret"), signedPrefix(id, unixSeconds), body));
    }

    private static byte[] signedPrefix(String id, long unixSeconds) {
        return (id + "." + unixSeconds + ".").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
