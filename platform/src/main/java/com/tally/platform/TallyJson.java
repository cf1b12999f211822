package com.tally.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.json.JavalinJackson;
import java.util.Optional;

/**
 * The one JSON mapping of every HTTP API: ISO-8601 times, records as objects. It is also the one
 * parser of JSON that comes from outside (order placements, webhook bodies, other instances'
 * answers), so it reads within limits set on purpose rather than Jackson's defaults, which are
 * sized for any document at all. The bodies themselves are bounded before parsing (webhooks by
 * {@code TALLY_INGEST_MAX_BODY}, other requests by Javalin's request size); these limits bound
 * what one value inside a body may cost.
 */
public final class TallyJson {

    /**
     * Objects and arrays inside one another. Tally's own documents nest a few levels and a
     * provider's event about ten; the limit leaves room for richer events while refusing the
     * deep nesting that costs a parsing context per level and a stack frame per level in data
     * binding.
     */
    public static final int MAX_NESTING_DEPTH = 64;

    /**
     * Characters of one number. Tally reads no number wider than a 64-bit integer (amounts in
     * minor units, epoch seconds, counts), at most 20 characters; a double's shortest form is
     * shorter still. Converting a long run of digits to a big number takes time growing faster
     * than its length, so a long one is refused before it is converted.
     */
    public static final int MAX_NUMBER_LENGTH = 100;

    /**
     * Characters of one string. Tally's own strings are short (IDs, e-mail addresses, SKUs,
     * failure messages), and a provider's longest free-text field is tens of kilobytes. The limit
     * is the default webhook body size: tighter, it would refuse a processor's event for a field
     * Tally does not read, and a refused event is a payment not recorded.
     */
    public static final int MAX_STRING_LENGTH = 256 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .build())
            .build())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private TallyJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static JavalinJackson forJavalin() {
        return new JavalinJackson(MAPPER, false);
    }

    /**
     * Which of the limits above a failed parse broke, said so that it completes "the body …" in
     * an answer ("nests deeper than 64 levels, more than Tally reads"); empty when the parse
     * failed for another reason, such as malformed JSON.
     */
    public static Optional<String> limitBroken(Throwable parseFailure) {
        for (Throwable cause = parseFailure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException broken) {
                // Jackson names the limit by its getter in the message, and has no other field saying which
                String text = broken.getOriginalMessage();
                String limit = text.contains("getMaxNestingDepth") ? "nests deeper than " + MAX_NESTING_DEPTH + " levels"
                        : text.contains("getMaxNumberLength") ? "holds a number longer than " + MAX_NUMBER_LENGTH + " characters"
                        : text.contains("getMaxStringLength") ? "holds a string longer than " + MAX_STRING_LENGTH + " characters"
                        : null;
                return Optional.of(limit != null ? limit + ", more than Tally reads" : "breaks a limit of Tally's JSON parser (" + text + ")");
            }
        }
        return Optional.empty();
    }
}
