package com.tally.ingest.reconciliation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Thrown by {@link #capped} once a body passes its limit: the limit is checked on the bytes read,
 * not on what Content-Length claims, so a chunked body (which has none) is capped too.
 */
final class ReportTooLarge extends IOException {

    ReportTooLarge(long limit) {
        super("the report is larger than " + limit + " bytes");
    }

    /** {@code body}, failing with {@link ReportTooLarge} on the first read past {@code limit} bytes. */
    static InputStream capped(InputStream body, long limit) {
        return new FilterInputStream(body) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                count(skipped);
                return skipped;
            }

            private void count(long n) throws ReportTooLarge {
                read += n;
                if (read > limit) {
                    throw new ReportTooLarge(limit);
                }
            }
        };
    }
}
