package com.tally.ingest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

/**
 * One webhook request as received: the provider named in the path, headers with lower-case
 * names, the address of the connection's peer and how big it was. Where the request came from
 * when it passed proxies is {@link TrustedProxies}' to say.
 */
record Delivery(String provider, Map<String, String> headers, String remoteAddress, long declaredLength, long bytesRead) {

    /** Read by {@link TrustedProxies}; kept with a rejection as sent. */
    static final String FORWARDED_FOR = "x-forwarded-for";

    /** Credentials a proxy or client may add; never written to Kafka. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

    static Delivery of(String provider, Request request, long bytesRead) {
        var headers = new HashMap<String, String>();
        for (HttpField header : request.getHeaders()) {
            String name = header.getName().toLowerCase(Locale.ROOT);
            if (name.equals(FORWARDED_FOR)) {
                // every proxy's entry, in order: the trusted ones may have added theirs in a header of their own
                headers.merge(name, header.getValue(), (first, next) -> first + ", " + next);
            } else {
                // the first of a repeated header, as a servlet's getHeader gives it
                headers.putIfAbsent(name, header.getValue());
            }
        }
        return new Delivery(provider, Map.copyOf(headers), Request.getRemoteAddr(request), request.getLength(), bytesRead);
    }

    /** Headers as they are kept with a webhook, and how many card numbers were masked in them. */
    record RecordableHeaders(Map<String, String> values, int cardNumbers) {
    }

    /**
     * The headers to keep with the webhook, minus credentials and with card numbers masked.
     * Signature headers are kept verbatim: their hex often holds a run of 13+ digits that passes
     * the Luhn check, and masking it would raise false alerts about data that is no card's.
     */
    RecordableHeaders recordableHeaders() {
        var kept = new HashMap<String, String>();
        int cardNumbers = 0;
        for (var header : headers.entrySet()) {
            String name = header.getKey();
            if (SECRET_HEADERS.contains(name)) {
                continue;
            }
            if (name.endsWith("signature")) {
                kept.put(name, header.getValue());
                continue;
            }
            var masked = CardNumberMasker.mask(header.getValue());
            kept.put(name, masked.text());
            cardNumbers += masked.count();
        }
        return new RecordableHeaders(kept, cardNumbers);
    }
}
