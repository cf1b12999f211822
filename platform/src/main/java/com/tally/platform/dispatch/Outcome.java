package com.tally.platform.dispatch;

import java.util.Objects;

/**
 * One record a handler wants appended for its input, in the transaction that commits the input's
 * offset. {@code kind} names the outcome in the loop's metrics ({@code accepted}, {@code rejected} ...):
 * a few fixed words, never an ID, since each kind is a time series.
 */
public record Outcome(String topic, String key, byte[] value, String kind) {

    public Outcome {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(kind, "kind");
        if (kind.equals(DeadLetters.KIND)) {
            throw new IllegalArgumentException("the kind " + DeadLetters.KIND + " is the loop's own, for records it could not handle");
        }
    }
}
