package com.tally.ingest;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One webhook request as received: the provider named in the path, headers with lower-case
 * names, where it came from and how big it was.
 */
record Delivery(String provider, Map<String, String> headers, String remoteAddress, long declaredLength, long bytesRead) {

    /** Credentials a proxy or client may add; never written to Kafka. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

    static Delivery of(Context ctx, long bytesRead) {
        var headers = new HashMap<String, String>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        long declared = ctx.req().getContentLengthLong();
        return new Delivery(ctx.pathParam("provider"), Map.copyOf(headers), ctx.ip(), declared, bytesRead);
    }

    /** The headers to keep with the webhook, verbatim, minus credentials. */
    Map<String, String> recordableHeaders() {
        var kept = new HashMap<String, String>();
        headers.forEach((name, value) -> {
            if (!SECRET_HEADERS.contains(name)) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
