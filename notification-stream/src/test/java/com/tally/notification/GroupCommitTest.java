package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    /** A commit that blocks until released, and remembers each batch it was given. */
    private static final class HeldCommits {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        void commit(List<String> items) {
            batches.add(items);
            firstStarted.countDown();
            try {
                assertTrue(release.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static CompletableFuture<Void> appendAsync(GroupCommit<String> group, String item) {
        return CompletableFuture.runAsync(() -> group.append(item));
    }

    private static void assertStillWaiting(CompletableFuture<?>... appends) throws InterruptedException {
        // an append is queued once its thread waits on the commit under way: a short settle is all a test can see of that
        Thread.sleep(200);
        for (CompletableFuture<?> append : appends) {
            assertFalse(append.isDone(), "an append returns only after a commit that held it");
        }
    }

    @Test
    void anAppendAloneIsCommittedAloneAndReturnsAfterItsCommit() {
        List<List<String>> batches = new ArrayList<>();
        var group = new GroupCommit<String>(batches::add);

        group.append("a");
        group.append("b");

        assertEquals(List.of(List.of("a"), List.of("b")), batches);
    }

    @Test
    void appendsMadeWhileACommitRunsGoTogetherInTheNextOneInTheirOrder() throws Exception {
        var held = new HeldCommits();
        var group = new GroupCommit<String>(held::commit);
        var first = appendAsync(group, "first");
        assertTrue(held.firstStarted.await(10, TimeUnit.SECONDS));

        var second = appendAsync(group, "second");
        Thread.sleep(100);
        var third = appendAsync(group, "third");
        assertStillWaiting(first, second, third);
        held.release.countDown();
        CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);

        assertEquals(List.of(List.of("first"), List.of("second", "third")), held.batches);
    }

    @Test
    void aFailedCommitFailsEveryAppendItHeldAndTheNextCommitStartsAfresh() throws Exception {
        var failure = new IllegalStateException("fenced");
        List<List<String>> committed = new ArrayList<>();
        var failing = new boolean[]{true};
        var group = new GroupCommit<String>(items -> {
            if (failing[0]) {
                failing[0] = false;
                throw failure;
            }
            committed.add(items);
        });

        assertSame(failure, assertThrows(IllegalStateException.class, () -> group.append("lost")));
        group.append("kept");

        assertEquals(List.of(List.of("kept")), committed);
    }

    @Test
    void everyAppendOfABatchThatFailedSeesTheFailure() throws Exception {
        var held = new HeldCommits();
        var calls = new int[1];
        var group = new GroupCommit<String>(items -> {
            if (++calls[0] == 1) {
                held.commit(items);
            } else {
                held.batches.add(items);
                throw new IllegalStateException("the broker is gone");
            }
        });
        var first = appendAsync(group, "first");
        assertTrue(held.firstStarted.await(10, TimeUnit.SECONDS));
        var second = appendAsync(group, "second");
        var third = appendAsync(group, "third");
        assertStillWaiting(second, third);
        held.release.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (var failed : List.of(second, third)) {
            var thrown = assertThrows(ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
            assertEquals("the broker is gone", thrown.getCause().getMessage());
        }
        // second and third are appended from two threads at once: which comes first in their batch is theirs to race
        assertEquals(2, held.batches.size());
        assertEquals(List.of("first"), held.batches.get(0));
        assertEquals(List.of("second", "third"), held.batches.get(1).stream().sorted().toList());
    }
}
