package com.tally.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps primary account numbers out of Kafka and logs: any run of 13 to 19 digits (not part of
 * a longer run) that passes the Luhn check is masked to its first 6 and last 4 digits, as PCI
 * DSS allows them to be shown. Processors never send card numbers on purpose; one that arrives
 * came from a customer typing it into a free-text field, and must not be stored.
 */
public final class CardNumberMasker {

    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9])[0-9]{13,19}(?![0-9])");

    /** A text with its card numbers masked, and how many there were. */
    public record Masked(String text, int count) {
    }

    private CardNumberMasker() {
    }

    public static Masked mask(String text) {
        if (text == null) {
            return new Masked(null, 0);
        }
        Matcher matcher = DIGIT_RUN.matcher(text);
        var out = new StringBuilder(text.length());
        int count = 0;
        while (matcher.find()) {
            String digits = matcher.group();
            if (passesLuhn(digits)) {
                count++;
                matcher.appendReplacement(out, digits.substring(0, 6) + "*".repeat(digits.length() - 10) + digits.substring(digits.length() - 4));
            }
        }
        if (count == 0) {
            return new Masked(text, 0);
        }
        matcher.appendTail(out);
        return new Masked(out.toString(), count);
    }

    static boolean passesLuhn(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
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
