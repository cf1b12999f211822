package com.tally.platform.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls until an asynchronous pipeline shows the expected result, failing with the last thing it saw. */
public final class Eventually {

    private Eventually() {
    }

    public static <T> T await(Duration timeout, String expectation, Callable<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.call();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(expectation + " did not happen within " + timeout.toSeconds() + " s; last seen: " + last);
    }
}
