package com.tally.ingest;

/** An append that was not even tried: too many in flight, or the service is stopping. The sender should retry. */
final class AppendRefused extends RuntimeException {

    AppendRefused(String reason) {
        super(reason, null, false, false);
    }
}
