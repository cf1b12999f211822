package com.tally.ingest;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The request headers kept with a webhook, verbatim, minus credentials a proxy or client may add. */
final class RecordableHeaders {

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

    private RecordableHeaders() {
    }

    static Map<String, String> of(Context ctx) {
        var headers = new HashMap<String, String>();
        ctx.headerMap().forEach((name, value) -> {
            if (!SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, value);
            }
        });
        return headers;
    }
}
