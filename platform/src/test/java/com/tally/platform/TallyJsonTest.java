package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TallyJsonTest {

    record Order(String orderId, Long amount, List<String> items) {
    }

    private static String nested(int levels) {
        return "{\"orderId\":\"o-1\",\"extra\":" + "[".repeat(levels) + "]".repeat(levels) + "}";
    }

    @Test
    void nestingUpToTheLimitIsRead() throws Exception {
        // the outer object is one level, so the arrays may take the other 63
        var tree = TallyJson.mapper().readTree(nested(TallyJson.MAX_NESTING_DEPTH - 1));

        assertEquals("o-1", tree.path("orderId").asText());
    }

    @Test
    void nesting200LevelsDeepIsRefusedNamingTheLimit() {
        var failure = assertThrows(StreamConstraintsException.class, () -> TallyJson.mapper().readTree(nested(200)));

        assertEquals(Optional.of("nests deeper than 64 levels, more than Tally reads"), TallyJson.limitBroken(failure));
    }

    @Test
    void nestingIsRefusedEvenInAFieldTheRecordDoesNotHave() {
        var failure = assertThrows(JacksonException.class, () -> TallyJson.mapper()
                .readerFor(Order.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(nested(200)));

        assertEquals(Optional.of("nests deeper than 64 levels, more than Tally reads"), TallyJson.limitBroken(failure));
    }

    @Test
    void numberOf10000DigitsIsRefusedNamingTheLimit() {
        var failure = assertThrows(JacksonException.class,
                () -> TallyJson.mapper().readValue("{\"orderId\":\"o-1\",\"amount\":" + "9".repeat(10_000) + "}", Order.class));

        assertEquals(Optional.of("holds a number longer than 100 characters, more than Tally reads"), TallyJson.limitBroken(failure));
    }

    @Test
    void numberAsLongAsALongIsRead() throws Exception {
        var order = TallyJson.mapper().readValue("{\"orderId\":\"o-1\",\"amount\":" + Long.MAX_VALUE + "}", Order.class);

        assertEquals(Long.MAX_VALUE, order.amount());
    }

    @Test
    void stringLongerThanTheLimitIsRefusedNamingTheLimit() {
        String json = "{\"orderId\":\"" + "x".repeat(TallyJson.MAX_STRING_LENGTH + 1) + "\"}";

        var failure = assertThrows(JacksonException.class, () -> TallyJson.mapper().readValue(json, Order.class));

        assertEquals(Optional.of("holds a string longer than 262144 characters, more than Tally reads"), TallyJson.limitBroken(failure));
    }

    @Test
    void stringAtTheLimitIsRead() throws Exception {
        String id = "x".repeat(TallyJson.MAX_STRING_LENGTH);

        assertEquals(id, TallyJson.mapper().readValue("{\"orderId\":\"" + id + "\"}", Order.class).orderId());
    }

    @Test
    void malformedJsonBreaksNoLimit() {
        var failure = assertThrows(JacksonException.class, () -> TallyJson.mapper().readTree("{\"orderId\":"));

        assertEquals(Optional.empty(), TallyJson.limitBroken(failure));
    }
}
