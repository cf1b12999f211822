package com.tally.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Keeps primary account numbers out of Kafka and logs: any run of 13 to 19 digits (not part of
 * a longer run) that passes the Luhn check is masked to its first 6 and last 4 digits, as PCI
 * DSS allows them to be shown. Processors never send card numbers on purpose; one that arrives
 * came from a customer typing it into a free-text field, and must not be stored.
 * Every webhook passes through here, so it scans by hand instead of with a regular expression,
 * and scans the UTF-8 bytes as received: an ASCII digit is one byte in UTF-8 and no byte of a
 * multi-byte character looks like one, so nothing needs decoding.
 */
public final class CardNumberMasker {

    private static final int SHORTEST = 13;
    private static final int LONGEST = 19;

    /** A text with its card numbers masked, and how many there were. */
    public record Masked(String text, int count) {
    }

    /** UTF-8 bytes with their card numbers masked (the same array when there were none), and how many there were. */
    public record MaskedBytes(byte[] utf8, int count) {
    }

    private CardNumberMasker() {
    }

    public static Masked mask(String text) {
        if (text == null) {
            return new Masked(null, 0);
        }
        var masked = mask(text.getBytes(StandardCharsets.UTF_8));
        return new Masked(masked.count() == 0 ? text : new String(masked.utf8(), StandardCharsets.UTF_8), masked.count());
    }

    public static MaskedBytes mask(byte[] utf8) {
        byte[] out = null;
        int count = 0;
        int i = 0;
        while (i < utf8.length) {
            if (!isDigit(utf8[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < utf8.length && isDigit(utf8[i])) {
                i++;
            }
            int length = i - start;
            if (length >= SHORTEST && length <= LONGEST && passesLuhn(utf8, start, i)) {
                if (out == null) {
                    out = utf8.clone();
                }
                for (int j = start + 6; j < i - 4; j++) {
                    out[j] = '*';
                }
                count++;
            }
        }
        return new MaskedBytes(out == null ? utf8 : out, count);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean passesLuhn(String digits) {
        byte[] ascii = digits.getBytes(StandardCharsets.US_ASCII);
        return passesLuhn(ascii, 0, ascii.length);
    }

    private static boolean passesLuhn(byte[] text, int from, int to) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = to - 1; i >= from; i--) {
            int d = text[i] - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
