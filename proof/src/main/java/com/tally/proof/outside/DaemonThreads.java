package com.tally.proof.outside;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads that never keep the JVM alive: a stand-in's timers and senders end with whatever runs it. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code <name>-1}, {@code <name>-2}, … so a thread dump says whose they are. */
    public static ThreadFactory named(String name) {
        var count = new AtomicInteger();
        return task -> {
            var thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
