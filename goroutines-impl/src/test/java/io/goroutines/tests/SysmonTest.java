package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.testkit.RestoresGomaxprocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sysmon: preemption at safe points, and handoff of the P of a goroutine that reaches
 * none (a loop, a pinned call). Deadlock detection is in {@link DeadlockIsolatedTest}.
 */
@Timeout(60)
class SysmonTest extends RestoresGomaxprocs {

    // ------------------------------------------------------------------ preemption, handoff

    // Go: TestPreemption (runtime/proc_test.go), the idea: with GOMAXPROCS=1 a goroutine
    // spinning in a loop without any safe point must not stop another from running.
    @Test
    void spinningLoopWithoutSafePointsDoesNotStopOthers() {
        GoRuntime.gomaxprocs(1);
        long handoffsBefore = GoRuntime.schedStats().handoffs();
        AtomicBoolean stop = new AtomicBoolean();
        long[] elapsed = new long[1];
        try {
            Go.main(() -> {
                CountDownLatch spinning = new CountDownLatch(1);
                Go.go(() -> {
                    spinning.countDown();
                    long x = 0;
                    while (!stop.get()) {
                        x++; // no call into the runtime: no safe point
                    }
                });
                awaitLatch(spinning);
                Chan<Integer> ping = Chan.make();
                Chan<Integer> pong = Chan.make();
                Go.go(() -> {
                    for (int i = 0; i < 100; i++) {
                        pong.send(ping.recv());
                    }
                });
                long t0 = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    ping.send(i);
                    assertEquals(i, pong.recv());
                }
                elapsed[0] = System.nanoTime() - t0;
            });
        } finally {
            stop.set(true);
        }
        assertTrue(elapsed[0] < TimeUnit.SECONDS.toNanos(1),
                "100 round trips took " + TimeUnit.NANOSECONDS.toMillis(elapsed[0]) + " ms beside the spinner");
        assertTrue(GoRuntime.schedStats().handoffs() > handoffsBefore, "the spinner's P was never handed off");
    }

    @Test
    void goroutineRunningLongYieldsAtItsNextSafePoint() throws InterruptedException {
        GoRuntime.gomaxprocs(1);
        long before = GoRuntime.schedStats().preemptions();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        Chan<Integer> c = Chan.make(1);
        Go.go(() -> {
            spinning.countDown();
            while (!stop.get()) {
                c.trySend(1); // a safe point on every iteration
                c.tryRecv();
            }
        });
        try {
            awaitLatch(spinning);
            // Queued from this thread (the global queue) while the spinner holds the only P:
            // it runs only if the spinner is preempted.
            Go.go(otherRan::countDown);
            awaitLatch(otherRan);
        } finally {
            stop.set(true);
        }
        assertTrue(GoRuntime.schedStats().preemptions() > before, "no preemption was counted");
    }

    /** Blocks in its initializer until released: a thread initializing it is pinned to its carrier. */
    static final class SlowInit {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        static {
            try {
                RELEASE.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
        }
    }

    @Test
    void goroutinePinnedInAClassInitializerDoesNotStopOthers() {
        GoRuntime.gomaxprocs(1);
        try {
            Go.main(() -> {
                CountDownLatch entered = new CountDownLatch(1);
                Go.go(() -> {
                    entered.countDown();
                    SlowInit.touch(); // blocks pinned: a class initializer runs in a native frame
                });
                awaitLatch(entered);
                Chan<Integer> c = Chan.make();
                Go.go(() -> c.send(42));
                assertEquals(42, c.recv());
            });
        } finally {
            SlowInit.RELEASE.countDown();
        }
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            assertTrue(l.await(20, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
