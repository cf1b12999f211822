package com.tally.platform.dispatch;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What a dispatcher does with one input: call the outside system and say what to append. Calls of
 * one poll run in parallel, up to the loop's calls in flight, so a handler returns at once and
 * completes later. It must complete within the loop's call deadline, with its own timeout: a call
 * that fails is an outcome (a transient failure, say), not an exception. An exception, thrown or
 * completed with, sends the input to the dead-letter topic with the error, as a bug to look at.
 * A handler can be called again for the same input (after a crash or an aborted transaction), so
 * the outside system must recognise the repeat by a key derived from the input.
 */
@FunctionalInterface
public interface RecordHandler<V> {

    CompletionStage<List<Outcome>> handle(String key, V value);
}
