package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.sync.Mutex;
import io.goroutines.testkit.Body;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Goroutines;
import io.goroutines.testkit.RestoresGomaxprocs;
import io.goroutines.testkit.Waits;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.goroutines.testkit.Dumps.truncate;
import static io.goroutines.testkit.Goroutines.inGoroutine;
import static io.goroutines.testkit.Goroutines.start;
import static io.goroutines.testkit.Goroutines.threadKinds;
import static io.goroutines.testkit.Goroutines.uniqueName;
import static io.goroutines.testkit.LockMisuse.raceMisusedUnlocks;
import static io.goroutines.testkit.LockMisuse.unlockOrPanic;
import static io.goroutines.testkit.Panics.assertPanicsWith;
import static io.goroutines.testkit.Waits.WAIT_BOUND_SECONDS;
import static io.goroutines.testkit.Waits.awaitBlocked;
import static io.goroutines.testkit.Waits.awaitOpen;
import static io.goroutines.testkit.Waits.awaitWaiting;
import static io.goroutines.testkit.Waits.join;
import static io.goroutines.testkit.Waits.recvBounded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Mutex} through the public API.
 *
 * <p>The first part ports Go's {@code src/sync/mutex_test.go}; each test is named after
 * its Go original and says so in a {@code // Go:} comment. Not ported:
 * {@code TestSemaphore} (it drives the runtime's semaphore through functions Go exports
 * only to its own tests; the semaphore is reached here only through the sync types) and
 * the benchmarks. The {@code RWMutex} cases of {@code TestMutexMisuse} are in
 * {@link RWMutexTest}. The second part checks what docs/api.md and the Javadoc promise beyond
 * Go's tests: mutual exclusion over a plain counter, {@code tryLock} next to waiters, no
 * reentrancy and no owner, a mutex shared by platform threads, plain virtual threads and
 * goroutines, and waits that an interrupt does not end.
 *
 * <p>Conventions are {@link ChanTest}'s, with the test kit's helpers
 * ({@code io.goroutines.testkit}): a test body that blocks runs as a goroutine
 * ({@link Goroutines#inGoroutine}) waited for with a bound; {@code t.Fatal} in another
 * goroutine becomes a {@link Failures} record; "it has blocked" is read from the
 * goroutine's dump header ({@link Waits#awaitBlocked}), never slept for. Go's counts
 * are kept; the counts of the tests that are not in Go say what they are. The six sync
 * test classes together take a few seconds on 2 cores; every wait is bounded at
 * {@link Waits#WAIT_BOUND_SECONDS} (a whole test body at
 * {@link Waits#BODY_BOUND_SECONDS}), so a hang fails instead of stalling the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MutexTest extends RestoresGomaxprocs {

    /** docs/api.md's message for {@code unlock} of an unlocked {@code Mutex}. */
    static final String UNLOCK_OF_UNLOCKED_MUTEX = "sync: unlock of unlocked mutex";

    // ================================================================== helpers

    /** A counter with no synchronization of its own: only the lock under test keeps it right. */
    static final class PlainCounter {
        long n;
    }

    /**
     * The inside of a critical section: checks that the caller is alone in it and bumps
     * {@code counter} with a plain read and write.
     */
    static void critical(AtomicInteger inside, PlainCounter counter, Failures failures) {
        int holders = inside.incrementAndGet();
        if (holders != 1) {
            failures.add(holders + " holders of the lock at once");
        }
        counter.n = counter.n + 1;
        inside.decrementAndGet();
    }


    // ================================================================== sync/mutex_test.go

    /** Go: 10 goroutines of 1000 loops, kept. */
    private static final int HAMMER_GOROUTINES = 10;
    private static final int HAMMER_LOOPS = 1000;

    /** Go's HammerMutex: every third loop a tryLock, the others lock; here each holder also checks it is alone. */
    private static void hammerMutex(Mutex m, int loops, AtomicInteger inside, PlainCounter counter,
            Failures failures) {
        for (int i = 0; i < loops; i++) {
            if (i % 3 == 0) {
                if (m.tryLock()) {
                    critical(inside, counter, failures);
                    m.unlock();
                }
                continue;
            }
            m.lock();
            critical(inside, counter, failures);
            m.unlock();
        }
    }

    // Go: TestMutex (sync/mutex_test.go), with its TryLock checks and HammerMutex's TryLock
    // every third loop. Go runs it at the default GOMAXPROCS; here also at 1 and 4. Go only
    // checks that nothing hangs; here each holder checks that it is alone and the test that
    // every lock() that returned was counted.
    @Test
    void testMutex() {
        for (int procs : new int[] {0, 1, 4}) {
            GoRuntime.gomaxprocs(procs); // 0 leaves the default
            String where = "GOMAXPROCS=" + GoRuntime.gomaxprocs(0);
            Failures failures = new Failures();
            inGoroutine("TestMutex", failures, () -> {
                Mutex m = new Mutex();
                m.lock();
                assertFalse(m.tryLock(), where + ": TryLock succeeded with mutex locked");
                m.unlock();
                assertTrue(m.tryLock(), where + ": TryLock failed with mutex unlocked");
                m.unlock();

                AtomicInteger inside = new AtomicInteger();
                PlainCounter counter = new PlainCounter();
                Chan<Boolean> c = Chan.make();
                for (int i = 0; i < HAMMER_GOROUTINES; i++) {
                    failures.go("HammerMutex", () -> {
                        try {
                            hammerMutex(m, HAMMER_LOOPS, inside, counter, failures);
                        } finally {
                            c.send(true);
                        }
                    });
                }
                for (int i = 0; i < HAMMER_GOROUTINES; i++) {
                    recvBounded(c, failures, where + ": HammerMutex " + i);
                }
                failures.check();
                m.lock(); // (not in Go) the counter is read under the mutex, as it was written
                long locks = HAMMER_GOROUTINES * (HAMMER_LOOPS - (HAMMER_LOOPS + 2) / 3);
                assertTrue(counter.n >= locks && counter.n <= HAMMER_GOROUTINES * HAMMER_LOOPS,
                        where + ": " + counter.n + " critical sections counted, want between " + locks + " and "
                                + HAMMER_GOROUTINES * HAMMER_LOOPS);
                m.unlock();
            });
        }
    }

    // Go: TestMutexMisuse, cases Mutex.Unlock and Mutex.Unlock2 (sync/mutex_test.go). Go
    // makes these fatal errors and looks for "unlocked" in a child process's output; docs/api.md
    // makes them a Panic with Go's message, thrown to the caller. Checked in a goroutine
    // and on a platform thread (the JUnit thread).
    @Test
    void testMutexMisuse() throws Exception {
        Body cases = () -> {
            assertPanicsWith(UNLOCK_OF_UNLOCKED_MUTEX, () -> new Mutex().unlock(), "Mutex.Unlock");
            assertPanicsWith(UNLOCK_OF_UNLOCKED_MUTEX, () -> {
                Mutex mu = new Mutex();
                mu.lock();
                mu.unlock();
                mu.unlock();
            }, "Mutex.Unlock2");
        };
        inGoroutine("TestMutexMisuse", new Failures(), cases);
        cases.run();
    }

    /**
     * Go makes an unlock of an unlocked mutex a fatal error, so nothing after it ever sees
     * the mutex; here it is a Panic the caller may recover from, and the mutex must stay
     * sound for the calls that overlap the misuse. One thread keeps unlocking a mutex it
     * never locked; another keeps taking it with {@code tryLock()}, which must never fail
     * (the mutex is free each time), and with {@code lock()}, which must never hang. The
     * implementation once subtracted the lock bit before checking it: an unlocked state
     * became -1 (locked, starving, a huge waiter count) for a moment, which failed the
     * tryLock or parked the lock for good. See {@link #raceMisusedUnlocks}; the
     * interleavings themselves are checked by stress-tests'
     * {@code MutexUnlockMisuseLincheckTest}.
     */
    @Test
    void recoveredUnlockMisuseLeavesTheMutexSoundForConcurrentCalls() throws Exception {
        Mutex mu = new Mutex();
        raceMisusedUnlocks("mutexMisuse", () -> unlockOrPanic(mu::unlock, UNLOCK_OF_UNLOCKED_MUTEX), () -> {
            if (!mu.tryLock()) {
                fail("tryLock() failed on a free mutex, next to a misused unlock");
            }
            unlockOrPanic(mu::unlock, UNLOCK_OF_UNLOCKED_MUTEX); // the misuser may have unlocked it
            mu.lock();
            unlockOrPanic(mu::unlock, UNLOCK_OF_UNLOCKED_MUTEX);
        });
        assertTrue(mu.tryLock(), "the mutex must end free");
        mu.unlock();
        assertPanicsWith(UNLOCK_OF_UNLOCKED_MUTEX, mu::unlock, "a last misuse");
    }

    /** Go: 10 acquisitions within 10 s, holding and waiting 100 µs; kept. */
    private static final int FAIRNESS_ACQUISITIONS = 10;
    private static final Duration FAIRNESS_BOUND = Duration.ofSeconds(10);
    private static final Duration FAIRNESS_PAUSE = Duration.ofNanos(100_000);

    // Go: TestMutexFairness (sync/mutex_test.go). One goroutine keeps the mutex nearly all
    // the time: it sleeps 100 µs holding it and locks again right after unlocking. Another
    // must still get it ten times within 10 s: a waiter that has waited over 1 ms switches
    // the mutex to starvation mode, where unlock hands it over instead of letting the
    // running goroutine barge in. Go runs it at the default GOMAXPROCS; here also at 1.
    @Test
    void testMutexFairness() {
        for (int procs : new int[] {0, 1}) {
            GoRuntime.gomaxprocs(procs); // 0 leaves the default
            String where = "GOMAXPROCS=" + GoRuntime.gomaxprocs(0);
            Failures failures = new Failures();
            inGoroutine("TestMutexFairness", failures, () -> {
                Mutex mu = new Mutex();
                Chan<Void> stop = Chan.make();
                try {
                    failures.go("TestMutexFairness-hog", () -> {
                        for (;;) {
                            mu.lock();
                            Time.sleep(FAIRNESS_PAUSE);
                            mu.unlock();
                            if (stop.tryRecv() != null) {
                                return; // closed
                            }
                        }
                    });
                    Chan<Integer> done = Chan.make(1);
                    failures.go("TestMutexFairness-waiter", () -> {
                        int acquired = 0;
                        try {
                            for (; acquired < FAIRNESS_ACQUISITIONS; acquired++) {
                                Time.sleep(FAIRNESS_PAUSE);
                                mu.lock();
                                mu.unlock();
                            }
                        } finally {
                            done.send(acquired);
                        }
                    });
                    AtomicReference<Integer> acquired = new AtomicReference<>();
                    int chosen = Go.select()
                            .recv(done, acquired::set)
                            .recv(Time.after(FAIRNESS_BOUND), null)
                            .run();
                    failures.check();
                    if (chosen != 0) {
                        fail(where + ": can't acquire the Mutex " + FAIRNESS_ACQUISITIONS + " times in "
                                + FAIRNESS_BOUND + "; dump:\n" + truncate(GoRuntime.stack(true)));
                    }
                    assertEquals(FAIRNESS_ACQUISITIONS, acquired.get(), where + ": acquisitions");
                } finally {
                    stop.close();
                }
            });
        }
    }


    // ================================================================== docs/api.md and the Javadoc

    /** 8 goroutines of 20,000 increments, at the default GOMAXPROCS and at 4. */
    private static final int COUNTER_GOROUTINES = 8;
    private static final int COUNTER_INCREMENTS = 20_000;

    /**
     * Mutual exclusion: goroutines add to a plain (not volatile) counter under the mutex,
     * yielding now and then while they hold it so that others queue up and park. No
     * increment may be lost and no two holders may ever overlap.
     */
    @Test
    void mutexKeepsAPlainCounterRight() {
        for (int procs : new int[] {0, 4}) {
            GoRuntime.gomaxprocs(procs);
            String where = "GOMAXPROCS=" + GoRuntime.gomaxprocs(0);
            Failures failures = new Failures();
            inGoroutine("mutexCounter", failures, () -> {
                Mutex mu = new Mutex();
                AtomicInteger inside = new AtomicInteger();
                PlainCounter counter = new PlainCounter();
                Chan<Boolean> done = Chan.make(COUNTER_GOROUTINES);
                for (int g = 0; g < COUNTER_GOROUTINES; g++) {
                    failures.go("mutexCounter-adder", () -> {
                        try {
                            for (int i = 0; i < COUNTER_INCREMENTS; i++) {
                                mu.lock();
                                try {
                                    critical(inside, counter, failures);
                                    if ((i & 63) == 0) {
                                        GoRuntime.gosched(); // still holding it: the others must wait
                                    }
                                } finally {
                                    mu.unlock();
                                }
                            }
                        } finally {
                            done.send(true);
                        }
                    });
                }
                for (int g = 0; g < COUNTER_GOROUTINES; g++) {
                    recvBounded(done, failures, where + ": adder " + g);
                }
                failures.check();
                mu.lock();
                assertEquals((long) COUNTER_GOROUTINES * COUNTER_INCREMENTS, counter.n, where + ": increments");
                mu.unlock();
            });
        }
    }

    /**
     * {@code tryLock} never blocks and never barges: it fails while another goroutine
     * holds the mutex, still fails while a waiter is queued behind that holder, and
     * succeeds once every holder and waiter is gone.
     */
    @Test
    void tryLockFailsWhileHeldOrAwaitedAndSucceedsWhenFree() {
        Failures failures = new Failures();
        inGoroutine("tryLock", failures, () -> {
            Mutex mu = new Mutex();
            Chan<Void> locked = Chan.make();
            Chan<Void> release = Chan.make();
            failures.go("tryLock-holder", () -> {
                mu.lock();
                locked.send(null);
                release.recv();
                mu.unlock();
            });
            recvBounded(locked, failures, "holder locked");
            assertFalse(mu.tryLock(), "tryLock succeeded while another goroutine holds the mutex");

            Chan<Void> waiterDone = Chan.make(1);
            AtomicBoolean waiterGotIt = new AtomicBoolean();
            String waiter = failures.go("tryLock-waiter", () -> {
                mu.lock();
                waiterGotIt.set(true);
                mu.unlock();
                waiterDone.send(null);
            });
            awaitBlocked(waiter, failures, "sync.Mutex.Lock");
            for (int i = 0; i < 100; i++) {
                assertFalse(mu.tryLock(), "tryLock succeeded while the mutex is held and awaited");
            }
            assertFalse(waiterGotIt.get(), "lock() returned while another goroutine held the mutex");
            release.send(null);
            recvBounded(waiterDone, failures, "the waiter");
            assertTrue(waiterGotIt.get());
            assertTrue(mu.tryLock(), "tryLock failed on a free mutex");
            mu.unlock();
        });
    }

    /**
     * The Javadoc: not reentrant. A second {@code lock()} by the goroutine that holds the
     * mutex blocks; since the mutex has no owner, an unlock from another goroutine lets it
     * through, and the mutex is then held once (one unlock frees it).
     */
    @Test
    void lockIsNotReentrant() {
        Failures failures = new Failures();
        inGoroutine("notReentrant", failures, () -> {
            Mutex mu = new Mutex();
            Chan<Void> secondLockReturned = Chan.make(1);
            String twice = failures.go("notReentrant-twice", () -> {
                mu.lock();
                mu.lock();
                secondLockReturned.send(null);
            });
            awaitBlocked(twice, failures, "sync.Mutex.Lock");
            assertFalse(mu.tryLock());
            mu.unlock(); // the first lock, from another goroutine
            recvBounded(secondLockReturned, failures, "the second lock");
            mu.unlock(); // the second one
            assertTrue(mu.tryLock(), "the mutex stayed locked after as many unlocks as locks");
            mu.unlock();
        });
    }

    /**
     * The Javadoc: one goroutine or thread may lock and another unlock. A platform thread
     * locks, a goroutine unlocks, a plain virtual thread locks again and the JUnit thread
     * unlocks; a waiter on each kind of thread is woken by an unlock from another kind.
     */
    @Test
    void mutexHasNoOwnerAndWakesWaitersOnAnyThread() throws Exception {
        Mutex mu = new Mutex();
        Failures failures = new Failures();
        mu.lock(); // the JUnit (platform) thread
        CountDownLatch unlocked = new CountDownLatch(1);
        failures.go("noOwner-unlocker", () -> {
            mu.unlock();
            unlocked.countDown();
        });
        awaitOpen(unlocked, failures, "unlock from a goroutine");
        failures.check();
        Thread v = start(Thread.ofVirtual(), "noOwner-virtual", failures, mu::lock);
        join(v, failures);
        failures.check();
        assertFalse(mu.tryLock(), "the virtual thread's lock did not hold");
        mu.unlock();

        // Waiters on a platform thread and on a plain virtual thread, woken by a goroutine.
        for (Thread.Builder builder : threadKinds()) {
            mu.lock();
            AtomicBoolean gotIt = new AtomicBoolean();
            Thread waiter = start(builder, "noOwner-waiter", failures, () -> {
                mu.lock();
                gotIt.set(true);
                mu.unlock();
            });
            awaitWaiting(waiter, failures);
            assertFalse(gotIt.get(), waiter + ": lock() returned while the mutex was held");
            failures.go("noOwner-wake", mu::unlock);
            join(waiter, failures);
            failures.check();
            assertTrue(gotIt.get(), waiter.toString());
        }

        // A goroutine waiter, woken by the JUnit thread.
        mu.lock();
        CountDownLatch goroutineGotIt = new CountDownLatch(1);
        String g = failures.go("noOwner-goroutineWaiter", () -> {
            mu.lock();
            goroutineGotIt.countDown();
            mu.unlock();
        });
        awaitBlocked(g, failures, "sync.Mutex.Lock");
        mu.unlock();
        awaitOpen(goroutineGotIt, failures, "the goroutine waiter");
        failures.check();
    }

    /** 2 platform threads, 2 virtual threads and 2 goroutines of 10,000 increments each. */
    private static final int MIXED_INCREMENTS = 10_000;

    /** docs/api.md: any thread may use sync. All three kinds of thread share a mutex over a plain counter. */
    @Test
    void platformThreadsVirtualThreadsAndGoroutinesShareAMutex() throws Exception {
        Mutex mu = new Mutex();
        Failures failures = new Failures();
        AtomicInteger inside = new AtomicInteger();
        PlainCounter counter = new PlainCounter();
        Body adder = () -> {
            for (int i = 0; i < MIXED_INCREMENTS; i++) {
                mu.lock();
                try {
                    critical(inside, counter, failures);
                    if ((i & 63) == 0) {
                        Thread.yield(); // GoRuntime.gosched in a goroutine
                    }
                } finally {
                    mu.unlock();
                }
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (Thread.Builder builder : threadKinds()) {
            for (int i = 0; i < 2; i++) {
                threads.add(start(builder, "mixedMutex", failures, adder));
            }
        }
        CountDownLatch goroutinesDone = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            failures.go("mixedMutex-goroutine", () -> {
                try {
                    adder.run();
                } finally {
                    goroutinesDone.countDown();
                }
            });
        }
        for (Thread t : threads) {
            join(t, failures);
        }
        awaitOpen(goroutinesDone, failures, "the goroutine adders");
        failures.check();
        mu.lock();
        assertEquals(6L * MIXED_INCREMENTS, counter.n, "increments");
        mu.unlock();
    }

    /** 50 goroutines parked in lock() at once (Go's semaphore queue), released one unlock at a time. */
    private static final int QUEUED_WAITERS = 50;

    /**
     * Every goroutine queued in {@code lock()} gets the mutex in turn: 50 of them are parked
     * behind one holder; after its unlock each locks, counts itself and unlocks. A lost
     * wake-up leaves some parked and fails the bound.
     */
    @Test
    void unlockWakesEveryQueuedWaiter() {
        Failures failures = new Failures();
        inGoroutine("queuedWaiters", failures, () -> {
            Mutex mu = new Mutex();
            AtomicInteger inside = new AtomicInteger();
            PlainCounter counter = new PlainCounter();
            Chan<Boolean> done = Chan.make(QUEUED_WAITERS);
            mu.lock();
            String[] names = new String[QUEUED_WAITERS];
            for (int i = 0; i < QUEUED_WAITERS; i++) {
                names[i] = failures.go("queuedWaiter", () -> {
                    try {
                        mu.lock();
                        critical(inside, counter, failures);
                        mu.unlock();
                    } finally {
                        done.send(true);
                    }
                });
            }
            for (String name : names) {
                awaitBlocked(name, failures, "sync.Mutex.Lock");
            }
            assertEquals(0, done.len(), "a waiter got past lock() while the mutex was held");
            mu.unlock();
            for (int i = 0; i < QUEUED_WAITERS; i++) {
                recvBounded(done, failures, "queued waiter " + i);
            }
            failures.check();
            mu.lock();
            assertEquals(QUEUED_WAITERS, counter.n, "waiters that held the mutex");
            mu.unlock();
        });
    }

    /**
     * docs/api.md: blocking operations are not interruptible. A thread whose interrupt status is
     * set when it calls {@code lock()} on a held mutex must park (not return, throw or
     * spin) and, once the mutex is unlocked, get it with the status still set.
     */
    @Test
    void blockingLockIsNotInterruptible() {
        Failures failures = new Failures();
        for (boolean goroutine : new boolean[] {false, true}) {
            String kind = goroutine ? "goroutine" : "platform thread";
            Mutex mu = new Mutex();
            mu.lock();
            AtomicReference<Thread> self = new AtomicReference<>();
            AtomicReference<Object> outcome = new AtomicReference<>("nothing");
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Runnable body = () -> {
                try {
                    self.set(Thread.currentThread());
                    started.countDown();
                    Thread.currentThread().interrupt();
                    mu.lock();
                    outcome.set("locked");
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                    mu.unlock();
                } catch (Throwable t) {
                    outcome.set(t);
                    failures.add(t);
                } finally {
                    done.countDown();
                }
            };
            String name = uniqueName("interrupted-lock");
            if (goroutine) {
                Go.go(name, body);
            } else {
                Thread.ofPlatform().daemon(true).name(name).start(body);
            }
            awaitOpen(started, failures, kind + " start");
            if (goroutine) {
                awaitBlocked(name, failures, "sync.Mutex.Lock");
            }
            awaitWaiting(self.get(), failures); // parked, not spinning on the interrupt
            assertEquals(1, done.getCount(), kind + ": lock() ended although the mutex is held: " + outcome.get());
            mu.unlock();
            awaitOpen(done, failures, kind + ": the interrupted locker");
            if (outcome.get() instanceof Throwable t) {
                throw new AssertionError(kind + ": lock() threw " + t, t);
            }
            assertEquals("locked", outcome.get(), kind);
            assertTrue(stillInterrupted.get(), kind + ": the interrupt status must be left set");
        }
    }
}
