package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.DeadlockError;
import io.goroutines.Go;
import io.goroutines.sync.Mutex;
import io.goroutines.sync.WaitGroup;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
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

}
