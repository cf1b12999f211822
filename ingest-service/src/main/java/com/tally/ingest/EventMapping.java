package com.tally.ingest;

import java.util.function.Function;

/**
 * The result of reading a verified body: what it means ({@code T}: a canonical payment event, a
 * warehouse callback, the record to append), or why the body is not one.
 */
public sealed interface EventMapping<T> {

    record Mapped<T>(T event) implements EventMapping<T> {
    }

    record Unparseable<T>(String detail) implements EventMapping<T> {
    }

    /** The mapped event taken one step further; a body that is no event stays so, with the same detail. */
    default <R> EventMapping<R> then(Function<? super T, ? extends R> next) {
        if (this instanceof Mapped<T> mapped) {
            return new Mapped<>(next.apply(mapped.event()));
        }
        return new Unparseable<>(((Unparseable<T>) this).detail());
    }
}
