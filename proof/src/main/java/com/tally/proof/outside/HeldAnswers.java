package com.tally.proof.outside;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The answers a stand-in keeps back in hold mode: the warehouse's shipments, the processor's
 * refunds. Each release opens the gate for every answer waiting at that moment; answers that
 * arrive later wait for the next release.
 */
public final class HeldAnswers {

    public enum Outcome {
        /** Let go by a release, or by the hold's timeout: the answer is given. */
        RELEASED,
        /** The simulator went down (or stopped) while holding it: no answer is given. */
        ABANDONED
    }

    private static final class Gate {
        final CountDownLatch open = new CountDownLatch(1);
        int waiting;
        boolean abandoned;
    }

    private Gate gate = new Gate();

    public Outcome await(Duration timeout) {
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
    public synchronized int waiting() {
        return gate.waiting;
    }

    /** @return how many answers were waiting */
    public int release() {
        return open(false);
    }

    public void abandon() {
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
