package com.tally.proof.warehouse;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The answers the warehouse keeps back in hold mode. Each release opens the gate for every answer
 * waiting at that moment; answers that arrive later wait for the next release.
 */
final class HeldAnswers {

    enum Outcome {
        /** Let go by a release, or by the hold's timeout: the answer is given. */
        RELEASED,
        /** The warehouse went down (or stopped) while holding it: nothing was done, no answer is given. */
        ABANDONED
    }

    private static final class Gate {
        final CountDownLatch open = new CountDownLatch(1);
        int waiting;
        boolean abandoned;
    }

    private Gate gate = new Gate();

    Outcome await(Duration timeout) {
        Gate current;
        synchronized (this) {
            current = gate;
            current.waiting++;
        }
        try {
            current.open.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.ABANDONED;
        } finally {
            synchronized (this) {
                current.waiting--;
            }
        }
        synchronized (this) {
            return current.abandoned ? Outcome.ABANDONED : Outcome.RELEASED;
        }
    }

    /** How many answers wait for the next release. */
    synchronized int waiting() {
        return gate.waiting;
    }

    /** @return how many answers were waiting */
    int release() {
        return open(false);
    }

    void abandon() {
        open(true);
    }

    private int open(boolean abandon) {
        Gate opened;
        int waiting;
        synchronized (this) {
            opened = gate;
            opened.abandoned = abandon;
            waiting = opened.waiting;
            gate = new Gate();
        }
        opened.open.countDown();
        return waiting;
    }
}
