package com.tally.ingest.stripe;

import com.tally.ingest.HmacSha256;
import com.tally.ingest.SignatureCheck;
import com.tally.ingest.SignatureCheck.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Stripe's webhook signature scheme: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>,...},
 * where v1 is HMAC-SHA256 with the endpoint secret over {@code t + "." + raw body bytes}.
 * Several v1 values and several secrets are accepted so that secrets can be rotated; the
 * timestamp must be within the tolerance in either direction, so a captured request cannot be
 * replayed later and a clock far ahead is refused as well.
 */
public final class StripeSignature {

    public static final String HEADER = "Stripe-Signature";
    private static final String SECRET_VARIABLE = "TALLY_STRIPE_WEBHOOK_SECRET";

    private final List<byte[]> secrets;
    private final Duration tolerance;
    private final Clock clock;

    public StripeSignature(List<String> secrets, Duration tolerance, Clock clock) {
        if (secrets == null || secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException("no Stripe webhook secret: set " + SECRET_VARIABLE
                    + " to the endpoint's signing secret (whsec_...), comma-separated while rotating");
        }
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.tolerance = tolerance;
        this.clock = clock;
    }

    public SignatureCheck verify(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return new SignatureCheck(Outcome.MISSING, "no " + HEADER + " header: sign the request as Stripe does (t=...,v1=...)");
        }
        Long timestamp = null;
        var candidates = new ArrayList<byte[]>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return new SignatureCheck(Outcome.MALFORMED, HEADER + " has a timestamp that is not a number: send t=<unix seconds>");
                }
            } else if (key.equals("v1")) {
                try {
                    candidates.add(HexFormat.of().parseHex(value));
                } catch (IllegalArgumentException e) {
                    // a v1 that is not hex cannot match; other v1 entries may still
                }
            }
        }
        if (timestamp == null || candidates.isEmpty()) {
            return new SignatureCheck(Outcome.MALFORMED, HEADER + " needs t=<unix seconds> and at least one v1=<hex signature>");
        }
        var stale = SignatureCheck.outsideTolerance(HEADER, timestamp, clock, tolerance);
        if (stale.isPresent()) {
            return stale.get();
        }
        return SignatureCheck.matchAny(secrets, candidates, HEADER, (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    }

    /** The header value Stripe would send for this body: for tests and the sandbox's send-webhook. */
    public static String sign(String secret, long unixSeconds, byte[] body) {
        byte[] mac = HmacSha256.of(secret.getBytes(StandardCharsets.UTF_8), (unixSeconds + ".").getBytes(StandardCharsets.UTF_8), body);
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac);
    }
}
