package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.DeadlockError;
import io.goroutines.Go;
import io.goroutines.sync.Mutex;
import io.goroutines.sync.WaitGroup;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sysmon's checkdead: {@code Go.main} ends with "all goroutines are asleep - deadlock!"
 * and the dump when every goroutine waits on a channel, select, sync object or
 * context and no timer is pending; and the negative cases (a pending timer, a sleeping
 * or a running goroutine) where it must not.
 *
 * <p>Runs in a JVM of its own (a separate surefire execution: classes named
 * {@code *IsolatedTest}): checkdead looks at the whole runtime, as Go's looks at the
 * whole process, so goroutines and timers other test classes leave behind would hide a
 * deadlock (Go's own TestOverflowSleep leaves two goroutines asleep for 292 years,
 * with their timers pending).
 */
@Timeout(60)
class DeadlockIsolatedTest {

    @Test
    void mainBlockedOnAChannelNobodySendsToIsADeadlock() {
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.main(() -> {
            Chan<Integer> c = Chan.make();
            c.recv();
        }));
        assertTrue(e.getMessage().startsWith(DeadlockError.MESSAGE_PREFIX), e.getMessage());
        assertTrue(e.getMessage().contains(" [chan receive]:"), e.getMessage());
    }

    @Test
    void cycleOfReceivesIsADeadlock() {
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.main(() -> {
            Chan<Integer> a = Chan.make();
            Chan<Integer> b = Chan.make();
            Chan<Integer> c = Chan.make();
            Go.go(() -> b.send(a.recv()));
            Go.go(() -> c.send(b.recv()));
            a.send(c.recv());
        }));
        String m = e.getMessage();
        assertTrue(m.startsWith(DeadlockError.MESSAGE_PREFIX + "\n\n"), m);
        // (earlier tests may have left goroutines blocked forever: they are in the dump too)
        assertTrue(m.split(" \\[chan receive]:").length - 1 >= 3, "the dump names the three blocked goroutines:\n" + m);
    }

    @Test
    void emptySelectAndSyncWaitsAreDeadlocksToo() {
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.main(() -> Go.select().run()));
        assertTrue(e.getMessage().contains("[select (no cases)]"), e.getMessage());
        DeadlockError w = assertThrows(DeadlockError.class, () -> Go.main(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            wg.await();
        }));
        assertTrue(w.getMessage().contains("[sync.WaitGroup.Wait]"), w.getMessage());
        DeadlockError m = assertThrows(DeadlockError.class, () -> Go.main(() -> {
            Mutex mu = new Mutex();
            mu.lock();
            mu.lock();
        }));
        assertTrue(m.getMessage().contains("[sync.Mutex.Lock]"), m.getMessage());
    }

    @Test
    void pendingTimerIsNotADeadlock() {
        assertDoesNotThrow(() -> Go.main(() -> {
            Chan<Integer> never = Chan.make();
            int chosen = Go.select()
                    .recv(never, v -> { })
                    .recv(Time.after(Duration.ofMillis(300)), null)
                    .run();
            assertEquals(1, chosen);
        }));
    }

    @Test
    void sleepingGoroutineIsNotADeadlock() {
        assertDoesNotThrow(() -> Go.main(() -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                Time.sleep(Duration.ofMillis(300));
                c.send(7);
            });
            assertEquals(7, c.recv());
        }));
    }

    @Test
    void runningGoroutineIsNotADeadlock() {
        assertDoesNotThrow(() -> Go.main(() -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // busy, never parked
                }
                c.send(1);
            });
            c.recv();
        }));
    }

    // ---- threads outside the runtime (ADR 0010) ----

    /**
     * {@code Go.main} receives what a platform thread sends after {@code delayMs}. The
     * thread starts inside the main goroutine (then it is a daemon: its parent is a
     * virtual thread), or before {@code Go.main}, when it has made a channel call first
     * (a thread older than the program that never used the runtime is a bystander: ADR 0010).
     */
    private static void platformThreadSendsLater(long delayMs, boolean fromInsideTheGoroutine) {
        Chan<String> c = Chan.make();
        Chan<String> ready = Chan.make(1);
        Runnable sender = () -> {
            ready.send("started");
            sleepMs(delayMs);
            c.send("x");
        };
        Thread outside = null;
        if (!fromInsideTheGoroutine) {
            outside = Thread.ofPlatform().start(sender);
            assertEquals("started", ready.recv());
        }
        Go.main(() -> {
            if (fromInsideTheGoroutine) {
                Thread.ofPlatform().start(sender);
            }
            assertEquals("x", c.recv());
        });
        if (outside != null) {
            Thread t = outside;
            assertDoesNotThrow(() -> t.join(Duration.ofSeconds(10)));
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms); // the scenario itself: a sender that is late, not a test wait
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0} ms")
    @ValueSource(longs = {10, 60, 100, 300, 2000})
    void platformThreadStartedInMainThatSendsLateIsNotADeadlock(long delayMs) {
        assertDoesNotThrow(() -> platformThreadSendsLater(delayMs, true));
    }

    @ParameterizedTest(name = "{0} ms")
    @ValueSource(longs = {10, 100, 2000})
    void platformThreadStartedBeforeMainThatUsedAChannelAndSendsLateIsNotADeadlock(long delayMs) {
        assertDoesNotThrow(() -> platformThreadSendsLater(delayMs, false));
    }

    @Test
    void virtualThreadOfTheJdkSchedulerThatSendsLateIsNotADeadlock() {
        assertDoesNotThrow(() -> Go.main(() -> {
            Chan<Integer> c = Chan.make();
            Thread.ofVirtual().start(() -> { // runs on the JDK's scheduler (ADR 0009)
                sleepMs(200);
                c.send(9);
            });
            assertEquals(9, c.recv());
        }));
    }

    @Test
    void platformThreadBlockedInAQueueThatWillSendIsNotADeadlock() {
        SynchronousQueue<Integer> handoff = new SynchronousQueue<>();
        assertDoesNotThrow(() -> Go.main(() -> {
            Chan<Integer> c = Chan.make();
            Thread.ofPlatform().start(() -> {
                try {
                    c.send(handoff.take()); // WAITING outside the runtime: may still wake
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            Thread.ofPlatform().start(() -> {
                sleepMs(150);
                handoff.offer(5);
            });
            assertEquals(5, c.recv());
        }));
    }

    @Test
    void unrelatedThreadThatUsedAChannelAndEndedDoesNotHideADeadlock() throws InterruptedException {
        Thread unrelated = Thread.ofPlatform().start(() -> {
            Chan<Integer> own = Chan.make(1);
            own.send(1);
            own.recv();
            Time.sleep(Duration.ofMillis(1));
        });
        unrelated.join();
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.main(() -> {
            Chan<Integer> c = Chan.make();
            c.recv();
        }));
        assertTrue(e.getMessage().contains(" [chan receive]:"), e.getMessage());
    }

    @Test
    void unrelatedThreadThatUsedAChannelInTheProgramAndEndedDoesNotHideADeadlock() {
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.main(() -> {
            Chan<Integer> c = Chan.make();
            Thread t = Thread.ofPlatform().start(() -> {
                Chan<Integer> own = Chan.make(1);
                own.send(1);
            });
            assertDoesNotThrow(() -> t.join(Duration.ofSeconds(10)));
            c.recv();
        }));
        assertTrue(e.getMessage().contains(" [chan receive]:"), e.getMessage());
    }

    @Test
    void threadParkedForeverInTheRuntimeIsPartOfTheDeadlock() {
        Chan<Integer> never = Chan.make();
        Thread stuck = Thread.ofPlatform().daemon(true).start(never::recv); // asleep in the runtime
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.main(() -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> never.send(c.recv()));
            c.recv();
        }));
        assertTrue(e.getMessage().contains(" [chan receive]:"), e.getMessage());
        assertTrue(stuck.isAlive(), "the foreign receiver is still parked: it was part of the deadlock");
    }

    @Test
    void foreignThreadThatEndsAGoroutinesWaitThenDeadlocksIsReportedOnce() {
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.main(() -> {
            Chan<Integer> c = Chan.make();
            Thread.ofPlatform().start(() -> {
                sleepMs(100);
                c.send(1);
            });
            assertEquals(1, c.recv()); // woken by the thread: no false report before this
            c.recv();                  // nobody else: a real deadlock once the thread ended
        }));
        assertTrue(e.getMessage().contains(" [chan receive]:"), e.getMessage());
    }
}
