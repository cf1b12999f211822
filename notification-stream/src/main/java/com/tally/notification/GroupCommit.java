package com.tally.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Commits items appended from several threads together: an append returns once a commit that
 * held its item has ended, and throws that commit's failure. One commit runs at a time; the items
 * appended meanwhile wait for it and go in the next one, made by one of their threads. So sends
 * under way together share one Kafka transaction for their ATTEMPTED records instead of queueing
 * for one each, and none starts before its own record is committed.
 */
final class GroupCommit<T> {

    /** One appended item, until a commit that held it has ended. */
    private static final class Entry<T> {
        final T item;
        boolean settled;
        Throwable failure;

        Entry(T item) {
            this.item = item;
        }
    }

    private final Consumer<List<T>> commit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition commitEnded = lock.newCondition();
    private final List<Entry<T>> waiting = new ArrayList<>();
    private boolean committing;

    /** @param commit commits the items, in the order they were appended, or throws */
    GroupCommit(Consumer<List<T>> commit) {
        this.commit = commit;
    }

    /**
     * Returns once the item is committed; throws what the commit that held it threw. Waits without
     * giving up on an interrupt (the interrupt stays set): a commit is bounded by the Kafka client's
     * timeouts, and an append that returned early could leave its record committed with no send.
     */
    void append(T item) {
        var mine = new Entry<>(item);
        lock.lock();
        try {
            waiting.add(mine);
            while (!mine.settled) {
                if (committing) {
                    commitEnded.awaitUninterruptibly();
                } else {
                    commitWaiting();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure instanceof RuntimeException e) {
            throw e;
        }
        if (mine.failure instanceof Error e) {
            throw e;
        }
    }

    /** Called holding the lock, which it gives up while the commit runs. */
    private void commitWaiting() {
        committing = true;
        List<Entry<T>> batch = List.copyOf(waiting);
        waiting.clear();
        Throwable failure = null;
        lock.unlock();
        try {
            commit.accept(batch.stream().map(entry -> entry.item).toList());
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            lock.lock();
        }
        for (Entry<T> entry : batch) {
            entry.failure = failure;
            entry.settled = true;
        }
        committing = false;
        commitEnded.signalAll();
    }
}
