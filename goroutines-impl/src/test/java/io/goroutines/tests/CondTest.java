package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.GoRuntime;
import io.goroutines.sync.Cond;
import io.goroutines.sync.Locker;
import io.goroutines.sync.Mutex;
import io.goroutines.sync.RWMutex;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Goroutines;
import io.goroutines.testkit.Panics;
import io.goroutines.testkit.RestoresGomaxprocs;
import io.goroutines.testkit.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * {@link Cond} and {@link Locker} through the public API.
 *
 * <p>The first part ports Go's {@code src/sync/cond_test.go}; each test is named after
 * its Go original and says so in a {@code // Go:} comment. Not ported:
 * {@code TestCondCopy} (a Java object cannot be copied behind its back, so there is no
 * copy to detect) and the benchmarks (in the benchmarks module). The second part checks
 * what the Javadoc promises beyond Go's tests: the wait reason, a signal sent
 * between the waiter's unlock and its park, a signal with nobody waiting that is not
 * kept for later, FIFO order of {@code signal}, a Cond over an {@code RWMutex}'s read
 * side with several waiters holding it at once, waiters on platform and plain virtual
 * threads, and the {@code Locker} views of {@code Mutex} and {@code RWMutex}.
 * Interrupts are in {@link InterruptsTest}.
 *
 * <p>Conventions are {@link ChanTest}'s and {@link MutexTest}'s: a body that blocks runs
 * as a goroutine waited for with a bound, "it is waiting" is read from the dump
 * ({@code sync.Cond.Wait}), never slept for.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CondTest extends RestoresGomaxprocs {

    /** The wait reason of a goroutine in {@code Cond.await} (Go's). */
    static final String COND_WAIT = "sync.Cond.Wait";


    // ================================================================== sync/cond_test.go

    // Go: TestCondSignal: each signal wakes exactly one of the waiting goroutines.
    @Test
    void testCondSignal() {
        Failures failures = new Failures();
        inGoroutine("TestCondSignal", failures, () -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            int n = 2;
            Chan<Boolean> running = Chan.make(n);
            Chan<Boolean> awake = Chan.make(n);
            for (int i = 0; i < n; i++) {
                failures.go("TestCondSignal-waiter", () -> {
                    m.lock();
                    running.send(true);
                    c.await();
                    awake.send(true);
                    m.unlock();
                });
            }
            for (int i = 0; i < n; i++) {
                recvBounded(running, failures, "waiter " + i + " running"); // wait for everyone to run
            }
            while (n > 0) {
                if (awake.tryRecv() != null) {
                    fail("goroutine not asleep");
                }
                m.lock();
                c.signal();
                m.unlock();
                recvBounded(awake, failures, "a goroutine woken by signal"); // Go: deadlocks if none wakes up
                if (awake.tryRecv() != null) {
                    fail("too many goroutines awake");
                }
                n--;
            }
            c.signal();
        });
    }

    // Go: TestCondSignalGenerations: signal wakes the waiters in the order they came.
    @Test
    void testCondSignalGenerations() {
        Failures failures = new Failures();
        inGoroutine("TestCondSignalGenerations", failures, () -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            int n = 100;
            Chan<Boolean> running = Chan.make(n);
            Chan<Integer> awake = Chan.make(n);
            for (int i = 0; i < n; i++) {
                int g = i;
                failures.go("TestCondSignalGenerations-waiter", () -> {
                    m.lock();
                    running.send(true);
                    c.await();
                    awake.send(g);
                    m.unlock();
                });
                if (i > 0) {
                    int a = recvBounded(awake, failures, "the waiter woken by signal " + (i - 1));
                    if (a != i - 1) {
                        fail("wrong goroutine woke up: want " + (i - 1) + ", got " + a);
                    }
                }
                recvBounded(running, failures, "waiter " + i + " running");
                m.lock();
                c.signal();
                m.unlock();
            }
        });
    }

    /** Go's {@code exit} of TestCondBroadcast: guarded by the mutex. */
    private static final class Exit {
        boolean exit;
    }

    // Go: TestCondBroadcast: broadcast wakes every waiter, each exactly once, 200 rounds.
    @Test
    void testCondBroadcast() {
        Failures failures = new Failures();
        inGoroutine("TestCondBroadcast", failures, () -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            int n = 200;
            Chan<Integer> running = Chan.make(n);
            Chan<Integer> awake = Chan.make(n);
            Exit e = new Exit();
            for (int i = 0; i < n; i++) {
                int g = i;
                failures.go("TestCondBroadcast-waiter", () -> {
                    m.lock();
                    while (!e.exit) {
                        running.send(g);
                        c.await();
                        awake.send(g);
                    }
                    m.unlock();
                });
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    recvBounded(running, failures, "round " + i + ": waiter running"); // Go: deadlocks unless n are running
                }
                if (i == n - 1) {
                    m.lock();
                    e.exit = true;
                    m.unlock();
                }
                if (awake.tryRecv() != null) {
                    fail("goroutine not asleep");
                }
                m.lock();
                c.broadcast();
                m.unlock();
                boolean[] seen = new boolean[n];
                for (int j = 0; j < n; j++) {
                    int g = recvBounded(awake, failures, "round " + i + ": a woken goroutine");
                    if (seen[g]) {
                        fail("goroutine woke up twice");
                    }
                    seen[g] = true;
                }
            }
            if (running.tryRecv() != null) {
                fail("goroutine did not exit");
            }
            c.broadcast();
        });
    }

    /** Go's {@code x} of TestRace: guarded by the Cond's mutex. */
    private static final class X {
        int x;
    }

    // Go: TestRace: three goroutines hand a value around through one Cond; each sees the
    // write made before the signal that woke it.
    @Test
    void testRace() {
        Failures failures = new Failures();
        inGoroutine("TestRace", failures, () -> {
            X x = new X();
            Cond c = new Cond(new Mutex());
            Chan<Boolean> done = Chan.make();
            failures.go("TestRace-1", () -> {
                c.locker().lock();
                x.x = 1;
                c.await();
                if (x.x != 2) {
                    failures.add("want 2, got " + x.x);
                }
                x.x = 3;
                c.signal();
                c.locker().unlock();
                done.send(true);
            });
            failures.go("TestRace-2", () -> {
                c.locker().lock();
                for (;;) {
                    if (x.x == 1) {
                        x.x = 2;
                        c.signal();
                        break;
                    }
                    c.locker().unlock();
                    GoRuntime.gosched();
                    c.locker().lock();
                }
                c.locker().unlock();
                done.send(true);
            });
            failures.go("TestRace-3", () -> {
                c.locker().lock();
                for (;;) {
                    if (x.x == 2) {
                        c.await();
                        if (x.x != 3) {
                            failures.add("want 3, got " + x.x);
                        }
                        break;
                    }
                    if (x.x == 3) {
                        break;
                    }
                    c.locker().unlock();
                    GoRuntime.gosched();
                    c.locker().lock();
                }
                c.locker().unlock();
                done.send(true);
            });
            for (int i = 0; i < 3; i++) {
                recvBounded(done, failures, "TestRace goroutine " + i);
            }
        });
    }

    /** Go's {@code done} of TestCondSignalStealing: guarded by the mutex. */
    private static final class Done {
        boolean done;
    }

    // Go: TestCondSignalStealing: a broadcast racing a new waiter must still wake the
    // waiter that was already in await (the new one may or may not be woken).
    @Test
    void testCondSignalStealing() {
        Failures failures = new Failures();
        inGoroutine("TestCondSignalStealing", failures, () -> {
            for (int iters = 0; iters < 1000; iters++) {
                Mutex m = new Mutex();
                Cond cond = new Cond(m);

                // Start a waiter.
                Chan<Void> ch = Chan.make();
                failures.go(() -> {
                    m.lock();
                    ch.send(null);
                    cond.await();
                    m.unlock();
                    ch.send(null);
                });
                recvBounded(ch, failures, "the first waiter started");
                m.lock();
                m.unlock();
                // The waiter is in cond.await(): we synchronized with it, then took and
                // released the mutex it held when we did.

                // Two goroutines race: one broadcasts, the other waits.
                Done d = new Done();
                failures.go(cond::broadcast);
                failures.go(() -> {
                    m.lock();
                    while (!d.done) {
                        cond.await();
                    }
                    m.unlock();
                });

                // The first waiter must be woken (Go: within 2 s; here WAIT_BOUND_SECONDS).
                recvBounded(ch, failures, "iteration " + iters + ": the first waiter woken by the broadcast");

                // Release the second waiter in case it missed the broadcast.
                m.lock();
                d.done = true;
                m.unlock();
                cond.broadcast();
            }
        });
    }


    // ================================================================== the Javadoc

    /**
     * A waiter that took its ticket and unlocked, but has not parked yet, is not missed by
     * a signal sent in between: a signal that comes once the waiter released the lock
     * always wakes it. The signaler is the JUnit thread (a platform thread, running in
     * parallel with the waiter's goroutine) spinning on {@code tryLock}, so that it gets
     * the mutex the instant await releases it and its signal often lands before the
     * waiter has queued; many rounds.
     */
    @Test
    void aSignalBetweenTheUnlockAndTheParkIsNotLost() {
        Failures failures = new Failures();
        for (int i = 0; i < 2000; i++) {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            Chan<Void> locked = Chan.make(1);
            Chan<Void> woken = Chan.make(1);
            failures.go(() -> {
                m.lock();
                locked.send(null);
                c.await(); // one await, no loop: only a signal may end it
                m.unlock();
                woken.send(null);
            });
            recvBounded(locked, failures, "round " + i + ": the waiter holds the lock");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Waits.WAIT_BOUND_SECONDS);
            while (!m.tryLock()) { // succeeds once the waiter's await has unlocked: its ticket is taken
                if (System.nanoTime() - deadline > 0) {
                    fail("round " + i + ": the waiter never released the mutex in await");
                }
                Thread.onSpinWait();
            }
            m.unlock();
            c.signal(); // often before the waiter parked
            recvBounded(woken, failures, "round " + i + ": the waiter woken by the signal");
        }
        failures.check();
    }

    /** A signal or broadcast with nobody waiting is not remembered: a later waiter still waits. */
    @Test
    void aSignalWithNobodyWaitingIsNotKept() throws Exception {
        Failures failures = new Failures();
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        c.signal();
        c.broadcast();
        c.signal();
        Chan<Void> woken = Chan.make(1);
        String name = failures.go("condLateWaiter", () -> {
            m.lock();
            c.await();
            m.unlock();
            woken.send(null);
        });
        awaitBlocked(name, failures, COND_WAIT);
        assertNull(woken.tryRecv(), "a signal sent before the waiter came woke it");
        c.signal();
        recvBounded(woken, failures, "the waiter woken by a signal sent after it came");
        failures.check();
    }

    /** {@code signal} wakes the longest waiter first, one per call; the waiters are parked in await. */
    @Test
    void signalWakesTheLongestWaiterFirst() {
        Failures failures = new Failures();
        inGoroutine("condFifo", failures, () -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            int n = 8;
            Chan<Integer> woken = Chan.make(n);
            for (int i = 0; i < n; i++) {
                int g = i;
                String name = failures.go("condFifo-waiter", () -> {
                    m.lock();
                    c.await();
                    woken.send(g);
                    m.unlock();
                });
                awaitBlocked(name, failures, COND_WAIT); // queued in this order
            }
            for (int i = 0; i < n; i++) {
                c.signal(); // the locker need not be held
                assertEquals(i, recvBounded(woken, failures, "signal " + i), "signal " + i + " woke the wrong waiter");
                assertNull(woken.tryRecv(), "signal " + i + " woke more than one waiter");
            }
        });
    }

    /**
     * A Cond over an RWMutex's read side: several goroutines hold the read lock and
     * enter await at the same time (Go's notifyListAdd comment: tickets may be taken
     * concurrently); a broadcast wakes them all, each holding the read lock again.
     */
    @Test
    void readersWaitOnACondOverTheReadLocker() {
        Failures failures = new Failures();
        inGoroutine("condRLocker", failures, () -> {
            RWMutex rw = new RWMutex();
            Cond c = new Cond(rw.rLocker());
            int n = 6;
            Chan<Boolean> back = Chan.make(n);
            AtomicInteger readLocked = new AtomicInteger();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add(failures.go("condRLocker-reader", () -> {
                    rw.rLock();
                    c.await();
                    readLocked.incrementAndGet();
                    boolean writerGotIn = rw.tryLock(); // the read lock is held again: no writer may enter
                    if (writerGotIn) {
                        rw.unlock();
                    }
                    back.send(!writerGotIn);
                    rw.rUnlock();
                }));
            }
            for (String name : names) {
                awaitBlocked(name, failures, COND_WAIT);
            }
            assertTrue(rw.tryLock(), "the waiting readers released the read lock");
            c.broadcast();
            rw.unlock(); // the woken readers relock (rLock) once the writer is gone
            for (int i = 0; i < n; i++) {
                assertTrue(recvBounded(back, failures, "reader " + i), "a woken reader did not hold the read lock");
            }
            assertEquals(n, readLocked.get());
        });
    }

    /** Waiters on platform threads and plain virtual threads park in await and are woken by a broadcast. */
    @Test
    void threadsWaitAndAreWoken() throws Exception {
        Failures failures = new Failures();
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        Done go = new Done();
        List<Thread> threads = new ArrayList<>();
        for (Thread.Builder b : Goroutines.threadKinds()) {
            threads.add(start(b, "condThread", failures, () -> {
                m.lock();
                try {
                    while (!go.done) {
                        c.await();
                    }
                } finally {
                    m.unlock();
                }
            }));
        }
        for (Thread t : threads) {
            awaitWaiting(t, failures);
        }
        m.lock();
        go.done = true;
        c.broadcast();
        m.unlock();
        for (Thread t : threads) {
            join(t, failures);
        }
        failures.check();
    }

    /** {@code await} releases the locker while it waits and holds it again when it returns. */
    @Test
    void awaitReleasesTheLockerWhileWaiting() throws Exception {
        Failures failures = new Failures();
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        Chan<Boolean> heldAfter = Chan.make(1);
        String name = failures.go("condRelease", () -> {
            m.lock();
            c.await();
            heldAfter.send(!m.tryLock());
            m.unlock();
        });
        awaitBlocked(name, failures, COND_WAIT);
        assertTrue(m.tryLock(), "the waiter still held the mutex while waiting");
        c.signal();
        assertNull(heldAfter.tryRecv(), "await returned while the mutex was held by another");
        m.unlock();
        assertTrue(recvBounded(heldAfter, failures, "the woken waiter"), "await returned without the mutex");
        failures.check();
    }

    /**
     * await without holding the mutex panics as the mutex's unlock does, and the panic
     * leaves the Cond intact: the next signal wakes a real waiter, not the failed call.
     */
    @Test
    void awaitWithoutTheLockPanicsAndTheNextSignalIsNotLost() throws Exception {
        Failures failures = new Failures();
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        Panics.assertPanicsWith("sync: unlock of unlocked mutex", c::await, "await without the lock");
        Chan<Void> woken = Chan.make(1);
        String name = failures.go("condAfterMisuse", () -> {
            m.lock();
            c.await();
            m.unlock();
            woken.send(null);
        });
        awaitBlocked(name, failures, COND_WAIT);
        c.signal();
        recvBounded(woken, failures, "the waiter woken by the first signal after the misuse");
        failures.check();
    }

    @Test
    void lockerIsTheOneGivenAndNullIsRejected() {
        Mutex m = new Mutex();
        assertSame(m, new Cond(m).locker());
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Cond(null));
        assertTrue(e.getMessage().contains("Locker"), e.getMessage());
    }

    /** Mutex and RWMutex are Lockers: their lock and unlock through the interface. */
    @Test
    void mutexAndRWMutexAreLockers() {
        Mutex m = new Mutex();
        Locker l = m;
        l.lock();
        assertFalse(m.tryLock());
        l.unlock();
        assertTrue(m.tryLock());
        m.unlock();

        RWMutex rw = new RWMutex();
        Locker w = rw;
        w.lock();
        assertFalse(rw.tryRLock(), "the write side through Locker");
        w.unlock();
        assertTrue(rw.tryRLock());
        rw.rUnlock();
    }

    /** Go's RLocker: lock is rLock, unlock is rUnlock, and misuse panics as rUnlock does. */
    @Test
    void rLockerIsTheReadSide() {
        RWMutex rw = new RWMutex();
        Locker r = rw.rLocker();
        r.lock();
        assertFalse(rw.tryLock(), "a reader holds it: no writer");
        assertTrue(rw.tryRLock(), "readers share it");
        rw.rUnlock();
        rw.rLocker().unlock(); // any RLocker of the mutex unlocks the same read side
        assertTrue(rw.tryLock(), "released");
        rw.unlock();
        assertPanicsWith("sync: RUnlock of unlocked RWMutex", r::unlock, "RLocker().unlock() of an unlocked RWMutex");
    }
}
