package com.tally.ingest;

/**
 * Keeps primary account numbers out of Kafka and logs: any run of 13 to 19 digits (not part of
 * a longer run) that passes the Luhn check is masked to its first 6 and last 4 digits, as PCI
 * DSS allows them to be shown. Processors never send card numbers on purpose; one that arrives
 * came from a customer typing it into a free-text field, and must not be stored.
 * Every webhook passes through here, so it scans by hand instead of with a regular expression.
 */
public final class CardNumberMasker {

    private static final int SHORTEST = 13;
    private static final int LONGEST = 19;

    /** A text with its card numbers masked, and how many there were. */
    public record Masked(String text, int count) {
    }

    private CardNumberMasker() {
    }

    public static Masked mask(String text) {
        if (text == null) {
            return new Masked(null, 0);
        }
        StringBuilder out = null;
        int count = 0;
        int i = 0;
        while (i < text.length()) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            int length = i - start;
            if (length >= SHORTEST && length <= LONGEST && passesLuhn(text, start, i)) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                for (int j = start + 6; j < i - 4; j++) {
                    out.setCharAt(j, '*');
                }
                count++;
            }
        }
        return new Masked(out == null ? text : out.toString(), count);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean passesLuhn(String digits) {
        return passesLuhn(digits, 0, digits.length());
    }

    private static boolean passesLuhn(String text, int from, int to) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = to - 1; i >= from; i--) {
            int d = text.charAt(i) - '0';
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
