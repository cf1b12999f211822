package com.tally.proof.outside;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in's current mode, and what switching it does to the stand-in: going down closes its
 * listener and drops its held answers unanswered, as a crashed system would; coming up from down
 * opens the listener again on the same port; leaving hold lets every held answer go. A down with
 * a duration comes back up by itself.
 *
 * @param <M> the stand-in's own modes
 */
public final class ModeSwitch<M extends StandInMode> {

    private static final Logger log = LoggerFactory.getLogger(ModeSwitch.class);

    private final String who;
    private final M up;
    private final ReopenableListener listener;
    private final HeldAnswers held;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Instant> clock;
    private volatile M mode;
    private volatile Instant since;
    private ScheduledFuture<?> backUp;
    private boolean closed;

    /**
     * @param who   the stand-in as its log lines name it, e.g. {@code warehouse simulator}
     * @param up    the mode it starts in, and comes back to after a timed outage
     * @param clock the time a switch is shown to have happened at, as precise as the stand-in shows its times
     */
    public ModeSwitch(String who, M up, ReopenableListener listener, HeldAnswers held, ScheduledExecutorService scheduler,
                      Supplier<Instant> clock) {
        this.who = who;
        this.up = up;
        this.listener = listener;
        this.held = held;
        this.scheduler = scheduler;
        this.clock = clock;
        this.mode = up;
        this.since = clock.get();
    }

    public M current() {
        return mode;
    }

    /** When the current mode was switched on. */
    public Instant since() {
        return since;
    }

    /** The time a switch made now would be shown at. */
    public Instant now() {
        return clock.get();
    }

    /** Switches the mode; once the stand-in is closed, nothing. */
    public synchronized void to(M next) {
        Objects.requireNonNull(next, "mode");
        if (closed) {
            return;
        }
        M previous = mode;
        if (backUp != null) {
            backUp.cancel(false);
            backUp = null;
        }
        if (next instanceof StandInMode.Outage down) {
            mode = next;
            held.abandon();
            if (!(previous instanceof StandInMode.Outage)) {
                listener.listening(false);
            }
            if (down.duration() != null) {
                backUp = scheduler.schedule(() -> comeBackUpAfter(down), down.duration().toMillis(), TimeUnit.MILLISECONDS);
            }
        } else {
            if (previous instanceof StandInMode.Outage) {
                listener.listening(true);
            }
            mode = next;
            if (previous instanceof StandInMode.Holding && !(next instanceof StandInMode.Holding)) {
                held.release();
            }
        }
        since = clock.get();
        log.info("{}: mode {}", who, next.describe());
    }

    /** Switches on another thread, so that whoever asked (an HTTP answer that closes the listener) is done first. */
    public void toShortly(M next) {
        scheduler.execute(() -> to(next));
    }

    private synchronized void comeBackUpAfter(StandInMode.Outage outage) {
        if (mode == outage) {
            try {
                to(up);
            } catch (IllegalStateException e) {
                // nobody waits on this thread to hear it: the log is where it is said
                log.error("the {} stays down: {}", who, e.getMessage());
            }
        }
    }

    /** Lets every answer held at this moment go. @return how many there were */
    public int release() {
        return held.release();
    }

    /**
     * Switches no more, and drops the held answers unanswered.
     *
     * @return false when it was closed already, so the stand-in knows it has nothing left to stop
     */
    public boolean close() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        held.abandon();
        return true;
    }
}
