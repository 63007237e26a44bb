package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.GoRuntime;
import io.goroutines.RecvChan;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.sync.ErrGroup;
import io.goroutines.sync.Semaphore;
import io.goroutines.sync.WaitGroup;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Goroutines;
import io.goroutines.testkit.RestoresGomaxprocs;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.goroutines.testkit.Goroutines.inGoroutine;
import static io.goroutines.testkit.Goroutines.start;
import static io.goroutines.testkit.Panics.assertPanicsWith;
import static io.goroutines.testkit.Waits.awaitBlocked;
import static io.goroutines.testkit.Waits.awaitWaiting;
import static io.goroutines.testkit.Waits.join;
import static io.goroutines.testkit.Waits.recvBounded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Semaphore} (Go's {@code golang.org/x/sync/semaphore.Weighted}) through the
 * public API.
 *
 * <p>The first part ports x/sync's {@code semaphore/semaphore_test.go} (the version with
 * {@code TestWeightedAcquireCanceled}, x/sync v0.7 and later); each test is named after
 * its Go original and says so in a {@code // Go:} comment. Go's {@code err := Acquire}
 * is a call that returns or throws {@code ctx.err()}. Not ported: the example and the
 * benchmarks (in the benchmarks module). The second part checks the Javadoc:
 * {@code acquire} throws the context's own error instance, a weight above the size waits
 * for the context without holding anyone up, FIFO order with a large waiter in front, a
 * release of more than is held panics and changes nothing, weight zero, arguments that
 * are rejected with a message, waiters on threads, and the wait reason.
 *
 * <p>Conventions are {@link ChanTest}'s and {@link MutexTest}'s. A goroutine waiting in
 * {@code acquire} shows as {@code select} in dumps, as in Go, which is how the tests
 * know it has queued.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SemaphoreTest extends RestoresGomaxprocs {

    /** The wait reason of a goroutine queued in {@code acquire} (Go's: x/sync waits in a select). */
    static final String ACQUIRE_WAIT = "select";
    /** The message of a release of more than is held (x/sync's). */
    static final String RELEASED_MORE_THAN_HELD = "semaphore: released more than held";

    /** Go's {@code maxSleep} of HammerWeighted. */
    private static final Duration MAX_SLEEP = Duration.ofMillis(1);

    /** Acquires, failing the test with the context's error rather than throwing a checked exception. */
    private static void acquireOrFail(Semaphore sem, Context ctx, long n) {
        try {
            sem.acquire(ctx, n);
        } catch (Exception e) {
            throw new AssertionError("acquire(" + n + ") failed: " + e, e);
        }
    }

    /** Go's {@code err := sem.Acquire(ctx, n)}: null on success, else what acquire threw. */
    private static Exception acquireErr(Semaphore sem, Context ctx, long n) {
        try {
            sem.acquire(ctx, n);
            return null;
        } catch (Exception e) {
            return e;
        }
    }


    // ================================================================== semaphore/semaphore_test.go

    /** Go's HammerWeighted. */
    private static void hammerWeighted(Semaphore sem, long n, int loops) {
        for (int i = 0; i < loops; i++) {
            acquireOrFail(sem, Context.background(), n);
            Time.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(MAX_SLEEP.toNanos())));
            sem.release(n);
        }
    }

    // Go: TestWeighted: GOMAXPROCS goroutines, goroutine i with weight i, 10,000 rounds in all.
    @Test
    void testWeighted() {
        Failures failures = new Failures();
        inGoroutine("TestWeighted", failures, () -> {
            int n = GoRuntime.gomaxprocs(0);
            int loops = 10_000 / n;
            Semaphore sem = new Semaphore(n);
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                long weight = i;
                failures.go("TestWeighted-hammer", () -> {
                    try {
                        hammerWeighted(sem, weight, loops);
                    } finally {
                        wg.done();
                    }
                });
            }
            wg.await();
            assertTrue(sem.tryAcquire(n), "every weight was released");
        });
    }

    // Go: TestWeightedPanic: a release of what was never acquired panics.
    @Test
    void testWeightedPanic() {
        Semaphore w = new Semaphore(1);
        assertPanicsWith(RELEASED_MORE_THAN_HELD, () -> w.release(1),
                "release of an unacquired weighted semaphore did not panic");
    }

    // Go: TestWeightedTryAcquire.
    @Test
    void testWeightedTryAcquire() {
        inGoroutine("TestWeightedTryAcquire", new Failures(), () -> {
            Context ctx = Context.background();
            Semaphore sem = new Semaphore(2);
            List<Boolean> tries = new ArrayList<>();
            sem.acquire(ctx, 1);
            tries.add(sem.tryAcquire(1));
            tries.add(sem.tryAcquire(1));

            sem.release(2);

            tries.add(sem.tryAcquire(1));
            sem.acquire(ctx, 1);
            tries.add(sem.tryAcquire(1));

            assertEquals(List.of(true, false, true, false), tries);
        });
    }

    // Go: TestWeightedAcquire: an acquire with a 10 ms timeout succeeds or fails as tryAcquire would.
    @Test
    void testWeightedAcquire() {
        inGoroutine("TestWeightedAcquire", new Failures(), () -> {
            Context ctx = Context.background();
            Semaphore sem = new Semaphore(2);
            java.util.function.LongPredicate tryAcquire = n -> {
                try (CancelContext timeout = Context.withTimeout(ctx, Duration.ofMillis(10))) {
                    return acquireErr(sem, timeout, n) == null;
                }
            };
            List<Boolean> tries = new ArrayList<>();
            sem.acquire(ctx, 1);
            tries.add(tryAcquire.test(1));
            tries.add(tryAcquire.test(1));

            sem.release(2);

            tries.add(tryAcquire.test(1));
            sem.acquire(ctx, 1);
            tries.add(tryAcquire.test(1));

            assertEquals(List.of(true, false, true, false), tries);
        });
    }

    // Go: TestWeightedDoesntBlockIfTooBig: a pending acquire of more than the size does
    // not keep acquires of 1 from going through.
    @Test
    void testWeightedDoesntBlockIfTooBig() {
        Failures failures = new Failures();
        inGoroutine("TestWeightedDoesntBlockIfTooBig", failures, () -> {
            final int n = 2;
            Semaphore sem = new Semaphore(n);
            try (CancelContext tooBig = Context.withCancel(Context.background())) {
                failures.go("TestWeightedDoesntBlockIfTooBig-tooBig", () -> acquireErr(sem, tooBig, n + 1));

                ErrGroup g = ErrGroup.withContext(Context.background());
                for (int i = n * 3; i > 0; i--) {
                    g.go(() -> {
                        sem.acquire(g.context(), 1);
                        Time.sleep(Duration.ofMillis(1));
                        sem.release(1);
                        return null;
                    });
                }
                Exception err = g.await();
                if (err != null) {
                    fail("new Semaphore(" + n + ") failed to acquire(_, 1) with acquire(_, " + (n + 1)
                            + ") pending: " + err);
                }
            }
        });
    }

    // Go: TestLargeAcquireDoesntStarve: an acquire of the whole size gets through while
    // GOMAXPROCS goroutines keep releasing and reacquiring 1 each (it would starve if
    // they could overtake it). Go says: merely returning indicates success.
    @Test
    void testLargeAcquireDoesntStarve() {
        Failures failures = new Failures();
        inGoroutine("TestLargeAcquireDoesntStarve", failures, () -> {
            Context ctx = Context.background();
            int n = GoRuntime.gomaxprocs(0);
            Semaphore sem = new Semaphore(n);
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);

            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = n; i > 0; i--) {
                sem.acquire(ctx, 1);
                failures.go("TestLargeAcquireDoesntStarve-worker", () -> {
                    try {
                        while (running.get()) {
                            Time.sleep(Duration.ofMillis(1));
                            sem.release(1);
                            sem.acquire(ctx, 1);
                        }
                    } finally {
                        sem.release(1);
                        wg.done();
                    }
                });
            }

            sem.acquire(ctx, n);
            running.set(false);
            sem.release(n);
            wg.await();
        });
    }

    // Go: TestAllocCancelDoesntStarve: a waiter queued behind a large one that gives up
    // (its context is canceled) is let through, not left waiting.
    @Test
    void testAllocCancelDoesntStarve() {
        Failures failures = new Failures();
        inGoroutine("TestAllocCancelDoesntStarve", failures, () -> {
            Semaphore sem = new Semaphore(10);

            // Block off a portion of the semaphore so that acquire(_, 10) can eventually succeed.
            sem.acquire(Context.background(), 1);

            // In the background, acquire(_, 10).
            try (CancelContext ctx = Context.withCancel(Context.background())) {
                failures.go("TestAllocCancelDoesntStarve-large", () -> acquireErr(sem, ctx, 10));

                // Wait until the acquire(_, 10) call blocks.
                while (sem.tryAcquire(1)) {
                    sem.release(1);
                    GoRuntime.gosched();
                }

                // Now try to grab a read lock, and simultaneously unblock the acquire(_, 10)
                // call. Both acquire calls should unblock and return, in either order.
                failures.go(ctx::cancel);

                Exception err = acquireErr(sem, Context.background(), 1);
                if (err != null) {
                    fail("acquire(_, 1) failed unexpectedly: " + err);
                }
                sem.release(1);
            }
        });
    }

    // Go: TestWeightedAcquireCanceled (https://go.dev/issue/63615): a context canceled
    // before enough weight is available fails the acquire, which leaves the semaphore
    // unchanged; an acquire with a done context fails even when it need not wait.
    @Test
    void testWeightedAcquireCanceled() {
        Failures failures = new Failures();
        inGoroutine("TestWeightedAcquireCanceled", failures, () -> {
            Semaphore sem = new Semaphore(2);
            CancelContext ctx = Context.withCancel(Context.background());
            sem.acquire(Context.background(), 1);
            Chan<Void> ch = Chan.make();
            failures.go("TestWeightedAcquireCanceled-canceler", () -> {
                // Synchronize with the acquire(2) below.
                while (sem.tryAcquire(1)) {
                    sem.release(1);
                }
                // Now cancel ctx, and then release the token.
                ctx.cancel();
                sem.release(1);
                ch.close();
            });
            // Since the context closing happens before enough tokens become available,
            // this acquire must fail.
            Exception err = acquireErr(sem, ctx, 2);
            if (err != Context.CANCELED) {
                fail("acquire with canceled context returned wrong error: want context canceled, got " + err);
            }
            // There must always be two tokens in the semaphore after the other goroutine
            // releases the one we held at the start.
            recvBounded(ch, failures, "the canceler");
            if (!sem.tryAcquire(2)) {
                fail("tryAcquire after canceled acquire failed");
            }
            // Additionally verify that we don't acquire with a done context even when we
            // wouldn't need to block to do so.
            sem.release(2);
            err = acquireErr(sem, ctx, 1);
            if (err != Context.CANCELED) {
                fail("acquire with canceled context returned wrong error: want context canceled, got " + err);
            }
        });
    }


    // ================================================================== the Javadoc

    /** A foreign context whose error is its own instance: acquire must throw exactly that one. */
    private record OwnErrContext(Chan<Void> doneChan, Exception ownErr) implements Context {
        @Override
        public RecvChan<Void> done() {
            return doneChan;
        }

        @Override
        public Exception err() {
            return doneChan.tryRecv() != null ? ownErr : null;
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public Object value(Object key) {
            return null;
        }
    }

    /** acquire throws {@code ctx.err()}, that instance, for a canceled, an expired and a foreign context. */
    @Test
    void acquireThrowsTheContextsOwnErrorInstance() {
        Failures failures = new Failures();
        inGoroutine("semaphoreErrInstance", failures, () -> {
            Semaphore sem = new Semaphore(1);
            sem.acquire(Context.background(), 1); // full: every acquire below must wait

            CancelContext canceled = Context.withCancel(Context.background());
            Chan<Exception> got = Chan.make(1);
            String waiter = failures.go("semaphoreErrInstance-canceled", () -> got.send(acquireErr(sem, canceled, 1)));
            awaitBlocked(waiter, failures, ACQUIRE_WAIT);
            canceled.cancel();
            assertSame(Context.CANCELED, recvBounded(got, failures, "the canceled waiter"));

            try (CancelContext expiring = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
                assertSame(Context.DEADLINE_EXCEEDED, acquireErr(sem, expiring, 1));
            }

            IllegalStateException own = new IllegalStateException("SemaphoreTest: the foreign context's own error");
            OwnErrContext foreign = new OwnErrContext(Chan.make(), own);
            waiter = failures.go("semaphoreErrInstance-foreign", () -> got.send(acquireErr(sem, foreign, 1)));
            awaitBlocked(waiter, failures, ACQUIRE_WAIT);
            foreign.doneChan().close();
            assertSame(own, recvBounded(got, failures, "the waiter with a foreign context"));

            // None of the failed acquires took anything.
            sem.release(1);
            assertTrue(sem.tryAcquire(1));
        });
    }

    /**
     * More than the size can never be held: acquire waits for its context, and meanwhile
     * the whole size can be taken by others (it queues nowhere).
     */
    @Test
    void acquireOfMoreThanTheSizeWaitsForTheContextAlone() {
        Failures failures = new Failures();
        inGoroutine("semaphoreTooBig", failures, () -> {
            Semaphore sem = new Semaphore(3);
            CancelContext ctx = Context.withCancel(Context.background());
            Chan<Exception> got = Chan.make(1);
            String waiter = failures.go("semaphoreTooBig-waiter", () -> got.send(acquireErr(sem, ctx, 4)));
            awaitBlocked(waiter, failures, "chan receive");
            assertTrue(sem.tryAcquire(3), "the too-big waiter held up a tryAcquire of the whole size");
            sem.release(3);
            sem.acquire(Context.background(), 2);
            sem.release(2);
            assertNull(got.tryRecv(), "the too-big acquire returned before its context was done");
            ctx.cancel();
            assertSame(Context.CANCELED, recvBounded(got, failures, "the too-big waiter"));
            assertTrue(sem.tryAcquire(3), "the failed acquire took nothing");
        });
    }

    /**
     * FIFO: waiters are let through in the order they queued; a large one at the front
     * holds back the small ones behind it even when they would fit, and tryAcquire fails
     * while anyone waits.
     */
    @Test
    void waitersGoThroughInOrderAndALargeOneIsNotOvertaken() {
        Failures failures = new Failures();
        inGoroutine("semaphoreFifo", failures, () -> {
            Semaphore sem = new Semaphore(3);
            sem.acquire(Context.background(), 3);
            Chan<String> through = Chan.make(3);
            long[] weights = {2, 1, 1};
            String[] labels = {"large", "small1", "small2"};
            for (int i = 0; i < weights.length; i++) {
                long w = weights[i];
                String label = labels[i];
                String name = failures.go("semaphoreFifo-" + label, () -> {
                    sem.acquire(Context.background(), w);
                    through.send(label);
                });
                awaitBlocked(name, failures, ACQUIRE_WAIT); // queued in this order
            }
            sem.release(1); // 1 free: the large waiter (2) does not fit, and the small ones must not pass it
            assertFalse(sem.tryAcquire(1), "tryAcquire got through while others wait");
            assertNull(through.tryRecv(), "a small waiter overtook the large one at the front");
            sem.release(1); // 2 free: the large one goes, taking both
            assertEquals("large", recvBounded(through, failures, "the large waiter"));
            assertNull(through.tryRecv(), "a small waiter went through with no weight left");
            sem.release(1); // the test's last 1: room for one small waiter, the first
            assertEquals("small1", recvBounded(through, failures, "the first small waiter"));
            assertNull(through.tryRecv(), "the second small waiter went through with no weight left");
            sem.release(1); // weights are not owned: this one is small1's
            assertEquals("small2", recvBounded(through, failures, "the second small waiter"));
            sem.release(3); // large's 2 and small2's 1
            assertTrue(sem.tryAcquire(3), "all weight is back");
        });
    }

    /** Unlike x/sync (which leaves its count negative), a release of more than is held changes nothing. */
    @Test
    void releaseOfMoreThanIsHeldPanicsAndChangesNothing() {
        Failures failures = new Failures();
        inGoroutine("semaphoreOverRelease", failures, () -> {
            Semaphore sem = new Semaphore(2);
            sem.acquire(Context.background(), 1);
            assertPanicsWith(RELEASED_MORE_THAN_HELD, () -> sem.release(2), "a release of 2 when 1 is held");
            assertTrue(sem.tryAcquire(1), "1 of 2 is still held");
            assertFalse(sem.tryAcquire(1), "the panicking release gave weight back");

            // The same with a waiter queued (the release takes the locked path).
            Chan<Void> in = Chan.make(1);
            String name = failures.go("semaphoreOverRelease-waiter", () -> {
                sem.acquire(Context.background(), 1);
                in.send(null);
            });
            awaitBlocked(name, failures, ACQUIRE_WAIT);
            assertPanicsWith(RELEASED_MORE_THAN_HELD, () -> sem.release(3), "a release of 3 when 2 are held");
            sem.release(1); // lets the waiter through
            recvBounded(in, failures, "the waiter");
            assertFalse(sem.tryAcquire(1), "2 of 2 held: 1 by the test, 1 by the waiter");
        });
    }

    /** Weight zero: free as long as nobody waits, and behind the queue otherwise (x/sync's rule). */
    @Test
    void weightZero() {
        Failures failures = new Failures();
        inGoroutine("semaphoreZero", failures, () -> {
            Semaphore sem = new Semaphore(1);
            sem.acquire(Context.background(), 1);
            assertTrue(sem.tryAcquire(0), "0 fits a full semaphore with nobody waiting");
            sem.acquire(Context.background(), 0);
            Chan<Void> in = Chan.make(1);
            String name = failures.go("semaphoreZero-waiter", () -> {
                sem.acquire(Context.background(), 1);
                in.send(null);
            });
            awaitBlocked(name, failures, ACQUIRE_WAIT);
            assertFalse(sem.tryAcquire(0), "0 went ahead of a waiter");
            sem.release(1);
            recvBounded(in, failures, "the waiter");
            sem.release(0);
            sem.release(1);
            assertTrue(sem.tryAcquire(1));
        });
    }

    /** Bad arguments are rejected with a message that says what was wrong. */
    @Test
    void badArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertTrue(e.getMessage().contains("must not be negative") && e.getMessage().contains("-1"), e.getMessage());
        Semaphore sem = new Semaphore(2);
        e = assertThrows(IllegalArgumentException.class, () -> sem.acquire(Context.background(), -1));
        assertTrue(e.getMessage().contains("weight must not be negative") && e.getMessage().contains("release"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sem.tryAcquire(-2));
        assertTrue(e.getMessage().contains("-2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sem.release(-1));
        assertTrue(e.getMessage().contains("weight must not be negative"), e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> sem.acquire(null, 1));
        assertTrue(npe.getMessage().contains("Context.background()"), npe.getMessage());
        assertTrue(sem.tryAcquire(2), "the rejected calls changed nothing");
        assertTrue(new Semaphore(0).tryAcquire(0), "a semaphore of size 0 is allowed");
    }

    /** Platform threads and plain virtual threads wait in acquire and are let through by a release. */
    @Test
    void threadsWaitAndAreLetThrough() throws Exception {
        Failures failures = new Failures();
        Semaphore sem = new Semaphore(1);
        sem.acquire(Context.background(), 1);
        List<Thread> threads = new ArrayList<>();
        for (Thread.Builder b : Goroutines.threadKinds()) {
            threads.add(start(b, "semaphoreThread", failures, () -> {
                sem.acquire(Context.background(), 1);
                sem.release(1);
            }));
        }
        for (Thread t : threads) {
            awaitWaiting(t, failures);
        }
        sem.release(1);
        for (Thread t : threads) {
            join(t, failures);
        }
        failures.check();
        assertTrue(sem.tryAcquire(1));
    }

    /** A waiter with a cancelable context, on a thread: let through by a release, or failed by its context. */
    @Test
    void threadsWithACancelableContext() throws Exception {
        Failures failures = new Failures();
        Semaphore sem = new Semaphore(1);
        sem.acquire(Context.background(), 1);
        CancelContext ctx = Context.withCancel(Context.background());
        Thread t = start(Thread.ofPlatform().daemon(true), "semaphoreThreadCtx", failures, () -> {
            assertSame(Context.CANCELED, acquireErr(sem, ctx, 1));
        });
        awaitWaiting(t, failures);
        ctx.cancel();
        join(t, failures);
        failures.check();
        assertFalse(sem.tryAcquire(1), "the failed acquire released the test's weight");
        sem.release(1);
        assertTrue(sem.tryAcquire(1));
    }
}
