package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.GoRuntime;
import io.goroutines.sync.RWMutex;
import io.goroutines.testkit.Body;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Goroutines;
import io.goroutines.testkit.LockMisuse;
import io.goroutines.testkit.RestoresGomaxprocs;
import io.goroutines.testkit.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.goroutines.testkit.Goroutines.inGoroutine;
import static io.goroutines.testkit.Goroutines.start;
import static io.goroutines.testkit.Panics.assertPanicsWith;
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
 * {@link RWMutex} through the public API.
 *
 * <p>The first part ports Go's {@code src/sync/rwmutex_test.go} and the {@code RWMutex}
 * cases of {@code TestMutexMisuse} ({@code src/sync/mutex_test.go}); each test is named
 * after its Go original and says so in a {@code // Go:} comment. Not ported:
 * {@code TestRLocker} ({@code RLocker()} and Go's {@code Locker} interface are not part
 * of this API) and the benchmarks. The second part checks the Javadoc's writer preference
 * (a writer waiting in {@code lock()} keeps new readers out), the hand-over between
 * readers and writers in both directions, {@code tryLock}/{@code tryRLock} next to
 * waiters, and a lock shared by platform threads, plain virtual threads and goroutines.
 *
 * <p>Conventions are {@link ChanTest}'s and {@link MutexTest}'s. A goroutine waiting in
 * {@code lock()} behind readers shows {@code sync.RWMutex.Lock}; behind another writer Go
 * shows {@code sync.Mutex.Lock} (it is queued on the writers' inner mutex), so both are
 * accepted there.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RWMutexTest extends RestoresGomaxprocs {

    static final String UNLOCK_OF_UNLOCKED = "sync: Unlock of unlocked RWMutex";
    static final String RUNLOCK_OF_UNLOCKED = "sync: RUnlock of unlocked RWMutex";

    /** What a goroutine blocked in {@code lock()} may show. */
    private static final String[] WRITER_WAITS = {"sync.RWMutex.Lock", "sync.Mutex.Lock"};


    // ================================================================== sync/rwmutex_test.go

    /** Go's parallelReader: takes a read lock, reports it, holds it until told, then reports the end. */
    private static void parallelReader(RWMutex m, Chan<Boolean> clocked, Chan<Boolean> cunlock,
            Chan<Boolean> cdone) {
        m.rLock();
        clocked.send(true);
        cunlock.recv();
        m.rUnlock();
        cdone.send(true);
    }

    private static void doTestParallelReaders(int numReaders, int gomaxprocs) {
        GoRuntime.gomaxprocs(gomaxprocs);
        Failures failures = new Failures();
        inGoroutine("TestParallelReaders", failures, () -> {
            RWMutex m = new RWMutex();
            Chan<Boolean> clocked = Chan.make();
            Chan<Boolean> cunlock = Chan.make();
            Chan<Boolean> cdone = Chan.make();
            for (int i = 0; i < numReaders; i++) {
                failures.go("parallelReader", () -> parallelReader(m, clocked, cunlock, cdone));
            }
            // Every reader holds its read lock before any is let go: all at once.
            for (int i = 0; i < numReaders; i++) {
                recvBounded(clocked, failures, numReaders + " readers, GOMAXPROCS=" + gomaxprocs + ": read lock " + i);
            }
            for (int i = 0; i < numReaders; i++) {
                cunlock.send(true);
            }
            for (int i = 0; i < numReaders; i++) {
                recvBounded(cdone, failures, "reader " + i + " done");
            }
        });
    }

    // Go: TestParallelReaders (sync/rwmutex_test.go).
    @Test
    void testParallelReaders() {
        doTestParallelReaders(1, 4);
        doTestParallelReaders(3, 4);
        doTestParallelReaders(4, 2);
    }

    /**
     * Go's reader: {@code activity} counts active readers plus 10000 per active writer, so
     * a reader must see a value in 1..9999.
     */
    private static void reader(RWMutex rwm, int iterations, AtomicInteger activity, Failures failures) {
        for (int i = 0; i < iterations; i++) {
            rwm.rLock();
            int n = activity.incrementAndGet();
            if (n < 1 || n >= 10000) {
                failures.add("reader saw activity " + n + " (a writer holds the lock too)");
            }
            for (int j = 0; j < 100; j++) {
                Thread.onSpinWait();
            }
            activity.addAndGet(-1);
            rwm.rUnlock();
        }
    }

    /** Go's writer: must see exactly its own 10000. */
    private static void writer(RWMutex rwm, int iterations, AtomicInteger activity, Failures failures) {
        for (int i = 0; i < iterations; i++) {
            rwm.lock();
            int n = activity.addAndGet(10000);
            if (n != 10000) {
                failures.add("writer saw activity " + n + " (another holder at the same time)");
            }
            for (int j = 0; j < 100; j++) {
                Thread.onSpinWait();
            }
            activity.addAndGet(-10000);
            rwm.unlock();
        }
    }

    /** Go's HammerRWMutex: two writers, started before and after the first half of the readers. */
    private static void hammerRWMutex(int gomaxprocs, int numReaders, int iterations) {
        GoRuntime.gomaxprocs(gomaxprocs);
        String where = "HammerRWMutex(" + gomaxprocs + ", " + numReaders + ", " + iterations + ")";
        Failures failures = new Failures();
        inGoroutine("HammerRWMutex", failures, () -> {
            AtomicInteger activity = new AtomicInteger();
            RWMutex rwm = new RWMutex();
            Chan<Boolean> cdone = Chan.make();
            Body w = () -> {
                try {
                    writer(rwm, iterations, activity, failures);
                } finally {
                    cdone.send(true);
                }
            };
            Body r = () -> {
                try {
                    reader(rwm, iterations, activity, failures);
                } finally {
                    cdone.send(true);
                }
            };
            failures.go("writer", w);
            int i;
            for (i = 0; i < numReaders / 2; i++) {
                failures.go("reader", r);
            }
            failures.go("writer", w);
            for (; i < numReaders; i++) {
                failures.go("reader", r);
            }
            for (i = 0; i < 2 + numReaders; i++) {
                recvBounded(cdone, failures, where + ": goroutine " + i);
            }
            failures.check();
            assertEquals(0, activity.get(), where + ": activity after all ended");
        });
    }

    /** Go: 1000 iterations (5 with -short), kept. */
    private static final int HAMMER_ITERATIONS = 1000;

    // Go: TestRWMutex (sync/rwmutex_test.go): its TryLock/TryRLock checks, then
    // HammerRWMutex at GOMAXPROCS 1, 4 and 10 with 1, 3, 10 (and 5) readers.
    @Test
    void testRWMutex() {
        inGoroutine("TestRWMutex", new Failures(), () -> {
            RWMutex m = new RWMutex();
            m.lock();
            assertFalse(m.tryLock(), "TryLock succeeded with mutex locked");
            assertFalse(m.tryRLock(), "TryRLock succeeded with mutex locked");
            m.unlock();

            assertTrue(m.tryLock(), "TryLock failed with mutex unlocked");
            m.unlock();

            assertTrue(m.tryRLock(), "TryRLock failed with mutex unlocked");
            assertTrue(m.tryRLock(), "TryRLock failed with mutex rlocked");
            assertFalse(m.tryLock(), "TryLock succeeded with mutex rlocked");
            m.rUnlock();
            m.rUnlock();
            assertTrue(m.tryLock(), "(not in Go) TryLock failed after the last RUnlock");
            m.unlock();
        });

        int n = HAMMER_ITERATIONS;
        hammerRWMutex(1, 1, n);
        hammerRWMutex(1, 3, n);
        hammerRWMutex(1, 10, n);
        hammerRWMutex(4, 1, n);
        hammerRWMutex(4, 3, n);
        hammerRWMutex(4, 10, n);
        hammerRWMutex(10, 1, n);
        hammerRWMutex(10, 3, n);
        hammerRWMutex(10, 10, n);
        hammerRWMutex(10, 5, n);
    }

    // Go: TestMutexMisuse, the RWMutex cases (sync/mutex_test.go). Go makes these fatal
    // errors and looks for "unlocked" in a child process's output; here (the Javadoc) they
    // throw a Panic with Go's fatal message. Unlock when not write-locked (never locked,
    // read-locked, unlocked twice) is the Unlock message; RUnlock when not read-locked
    // (never locked, write-locked, read-unlocked twice) the RUnlock one. Checked in a
    // goroutine and on a platform thread (the JUnit thread).
    @Test
    void testRWMutexMisuse() throws Exception {
        Body cases = () -> {
            assertPanicsWith(UNLOCK_OF_UNLOCKED, () -> new RWMutex().unlock(), "RWMutex.Unlock");
            assertPanicsWith(UNLOCK_OF_UNLOCKED, () -> {
                RWMutex mu = new RWMutex();
                mu.rLock();
                mu.unlock();
            }, "RWMutex.Unlock2");
            assertPanicsWith(UNLOCK_OF_UNLOCKED, () -> {
                RWMutex mu = new RWMutex();
                mu.lock();
                mu.unlock();
                mu.unlock();
            }, "RWMutex.Unlock3");
            assertPanicsWith(RUNLOCK_OF_UNLOCKED, () -> new RWMutex().rUnlock(), "RWMutex.RUnlock");
            assertPanicsWith(RUNLOCK_OF_UNLOCKED, () -> {
                RWMutex mu = new RWMutex();
                mu.lock();
                mu.rUnlock();
            }, "RWMutex.RUnlock2");
            assertPanicsWith(RUNLOCK_OF_UNLOCKED, () -> {
                RWMutex mu = new RWMutex();
                mu.rLock();
                mu.rUnlock();
                mu.rUnlock();
            }, "RWMutex.RUnlock3");
        };
        inGoroutine("TestRWMutexMisuse", new Failures(), cases);
        cases.run();
    }


    /**
     * As {@link MutexTest}'s {@code recoveredUnlockMisuseLeavesTheMutexSoundForConcurrentCalls},
     * for both misuses of an RWMutex: one thread keeps calling {@code rUnlock()} and
     * {@code unlock()} on a lock it never takes; another keeps taking it with
     * {@code tryRLock()} and {@code tryLock()}, which must never fail (the lock is free
     * each time), and with {@code rLock()} and {@code lock()}, which must never hang.
     * The implementation once added first and checked afterwards: -1 readers (an RUnlock)
     * or +{@code MAX_READERS} (an Unlock) for a moment, which failed the try-locks or made
     * {@code lock()} wait forever for readers that were never there. The interleavings
     * are checked by stress-tests' {@code RWMutexUnlockMisuseLincheckTest}.
     */
    @Test
    void recoveredUnlockMisuseLeavesTheRWMutexSoundForConcurrentCalls() throws Exception {
        RWMutex mu = new RWMutex();
        LockMisuse.raceMisusedUnlocks("rwMutexMisuse", () -> {
            LockMisuse.unlockOrPanic(mu::rUnlock, RUNLOCK_OF_UNLOCKED);
            LockMisuse.unlockOrPanic(mu::unlock, UNLOCK_OF_UNLOCKED);
        }, () -> {
            if (!mu.tryRLock()) {
                fail("tryRLock() failed on a free RWMutex, next to misused unlocks");
            }
            LockMisuse.unlockOrPanic(mu::rUnlock, RUNLOCK_OF_UNLOCKED); // the misuser may have released it
            // Go's TryLock may fail while another Unlock is half done (it released the
            // readers but not yet the writers' mutex): only a hang or a panic is wrong.
            if (mu.tryLock()) {
                LockMisuse.unlockOrPanic(mu::unlock, UNLOCK_OF_UNLOCKED);
            }
            mu.rLock();
            LockMisuse.unlockOrPanic(mu::rUnlock, RUNLOCK_OF_UNLOCKED);
            mu.lock();
            LockMisuse.unlockOrPanic(mu::unlock, UNLOCK_OF_UNLOCKED);
        });
        assertTrue(mu.tryLock(), "the RWMutex must end free");
        mu.unlock();
        assertTrue(mu.tryRLock(), "the RWMutex must end free");
        mu.rUnlock();
        assertPanicsWith(RUNLOCK_OF_UNLOCKED, mu::rUnlock, "a last RUnlock misuse");
        assertPanicsWith(UNLOCK_OF_UNLOCKED, mu::unlock, "a last Unlock misuse");
    }


    // ================================================================== the Javadoc

    /**
     * Writer preference: with a reader holding the lock and a writer waiting in
     * {@code lock()}, a new {@code tryRLock()} fails and a new {@code rLock()} blocks; the
     * writer gets the lock when the first reader leaves, and the second reader only after
     * the writer unlocked. {@code tryLock()} fails all along, as the lock is never free.
     */
    @Test
    void pendingWriterBlocksNewReaders() {
        Failures failures = new Failures();
        inGoroutine("writerPreference", failures, () -> {
            RWMutex rw = new RWMutex();
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            rw.rLock(); // the first reader: this goroutine

            Chan<Void> writerLocked = Chan.make(1);
            Chan<Void> writerRelease = Chan.make();
            String writer = failures.go("writerPreference-writer", () -> {
                rw.lock();
                events.add("writer locked");
                writerLocked.send(null);
                writerRelease.recv();
                events.add("writer unlocks");
                rw.unlock();
            });
            awaitBlocked(writer, failures, "sync.RWMutex.Lock");

            assertFalse(rw.tryRLock(), "tryRLock succeeded while a writer waits");
            assertFalse(rw.tryLock(), "tryLock succeeded while a reader holds the lock");

            Chan<Void> reader2Locked = Chan.make(1);
            String reader2 = failures.go("writerPreference-reader2", () -> {
                rw.rLock();
                events.add("reader2 locked");
                reader2Locked.send(null);
                rw.rUnlock();
            });
            awaitBlocked(reader2, failures, "sync.RWMutex.RLock");
            assertEquals(List.of(), events, "nobody may have got in yet");

            rw.rUnlock(); // the first reader leaves: the writer goes first
            recvBounded(writerLocked, failures, "the writer after the reader left");
            assertFalse(rw.tryRLock(), "tryRLock succeeded while a writer holds the lock");
            assertFalse(rw.tryLock(), "tryLock succeeded while a writer holds the lock");
            assertEquals(List.of("writer locked"), events, "reader2 got in while the writer holds the lock");
            writerRelease.send(null);
            recvBounded(reader2Locked, failures, "reader2 after the writer left");
            assertEquals(List.of("writer locked", "writer unlocks", "reader2 locked"), events);
        });
    }

    /** 5 readers parked behind one writer. */
    private static final int READERS_BEHIND_WRITER = 5;

    /**
     * Readers that queued behind a writer are all let in together when it unlocks: they
     * then hold the read lock at the same time (each reports, then waits to be let go),
     * and a writer cannot get in until the last of them leaves.
     */
    @Test
    void unlockAdmitsAllQueuedReadersTogether() {
        Failures failures = new Failures();
        inGoroutine("queuedReaders", failures, () -> {
            RWMutex rw = new RWMutex();
            Chan<Boolean> clocked = Chan.make();
            Chan<Boolean> cunlock = Chan.make();
            Chan<Boolean> cdone = Chan.make();
            rw.lock();
            String[] readers = new String[READERS_BEHIND_WRITER];
            for (int i = 0; i < READERS_BEHIND_WRITER; i++) {
                readers[i] = failures.go("queuedReader", () -> parallelReader(rw, clocked, cunlock, cdone));
            }
            for (String r : readers) {
                awaitBlocked(r, failures, "sync.RWMutex.RLock");
            }
            assertFalse(rw.tryRLock(), "tryRLock succeeded while a writer holds the lock");
            rw.unlock();
            for (int i = 0; i < READERS_BEHIND_WRITER; i++) {
                recvBounded(clocked, failures, "queued reader " + i + " holds the read lock");
            }
            assertFalse(rw.tryLock(), "tryLock succeeded while readers hold the lock");
            assertTrue(rw.tryRLock(), "tryRLock failed with readers only and no writer waiting");
            rw.rUnlock();
            for (int i = 0; i < READERS_BEHIND_WRITER; i++) {
                cunlock.send(true);
            }
            for (int i = 0; i < READERS_BEHIND_WRITER; i++) {
                recvBounded(cdone, failures, "queued reader " + i + " done");
            }
            assertTrue(rw.tryLock(), "tryLock failed after every reader left");
            rw.unlock();
        });
    }

    /**
     * A writer waiting for readers gets the lock when the last one leaves, not before; and
     * the lock has no owner: this goroutine takes three read locks, which it releases one
     * by one after another goroutine started waiting to write.
     */
    @Test
    void writerWaitsForTheLastReader() {
        Failures failures = new Failures();
        inGoroutine("lastReader", failures, () -> {
            RWMutex rw = new RWMutex();
            rw.rLock();
            rw.rLock(); // recursive read locking is fine while no writer waits
            rw.rLock();
            AtomicBoolean writerIn = new AtomicBoolean();
            Chan<Void> writerLocked = Chan.make(1);
            String writer = failures.go("lastReader-writer", () -> {
                rw.lock();
                writerIn.set(true);
                writerLocked.send(null);
            });
            awaitBlocked(writer, failures, "sync.RWMutex.Lock");
            rw.rUnlock();
            rw.rUnlock();
            assertFalse(writerIn.get(), "the writer got in with a reader left");
            rw.rUnlock();
            recvBounded(writerLocked, failures, "the writer after the last reader");
            assertFalse(rw.tryRLock());
            rw.unlock(); // the writer's lock, released by this goroutine
            assertTrue(rw.tryRLock(), "tryRLock failed after the writer's lock was released elsewhere");
            rw.rUnlock();
        });
    }

    /**
     * Writers exclude each other: a second writer queues behind the first (Go shows it as
     * waiting on the writers' inner mutex) and gets the lock only after the first unlocks.
     */
    @Test
    void secondWriterWaitsForTheFirst() {
        Failures failures = new Failures();
        inGoroutine("twoWriters", failures, () -> {
            RWMutex rw = new RWMutex();
            rw.lock();
            Chan<Void> secondLocked = Chan.make(1);
            String second = failures.go("twoWriters-second", () -> {
                rw.lock();
                secondLocked.send(null);
                rw.unlock();
            });
            awaitBlocked(second, failures, WRITER_WAITS);
            assertEquals(0, secondLocked.len(), "the second writer got in while the first held the lock");
            rw.unlock();
            recvBounded(secondLocked, failures, "the second writer");
        });
    }

    /** 1 platform and 1 goroutine writer, 2 readers of each kind, 1000 iterations each (Go's hammer count). */
    private static final int MIXED_ITERATIONS = 1000;

    /**
     * docs/api.md: any thread may use sync. Go's writer/reader hammer with writers and readers on
     * platform threads, plain virtual threads and goroutines.
     */
    @Test
    void platformThreadsVirtualThreadsAndGoroutinesShareAnRWMutex() throws Exception {
        RWMutex rwm = new RWMutex();
        Failures failures = new Failures();
        AtomicInteger activity = new AtomicInteger();
        Body w = () -> writer(rwm, MIXED_ITERATIONS, activity, failures);
        Body r = () -> reader(rwm, MIXED_ITERATIONS, activity, failures);
        List<Thread> threads = new ArrayList<>();
        threads.add(start(Thread.ofPlatform().daemon(true), "mixedRW-writer", failures, w));
        for (Thread.Builder builder : Goroutines.threadKinds()) {
            for (int i = 0; i < 2; i++) {
                threads.add(start(builder, "mixedRW-reader", failures, r));
            }
        }
        CountDownLatch goroutinesDone = new CountDownLatch(3);
        for (Body body : List.of(w, r, r)) {
            failures.go("mixedRW-goroutine", () -> {
                try {
                    body.run();
                } finally {
                    goroutinesDone.countDown();
                }
            });
        }
        for (Thread t : threads) {
            join(t, failures);
        }
        awaitOpen(goroutinesDone, failures, "the goroutines");
        failures.check();
        assertEquals(0, activity.get());
    }

    /** A platform-thread writer waits for a goroutine reader; a virtual-thread reader waits for a platform-thread writer. */
    @Test
    void waitersOnPlatformAndVirtualThreadsAreWoken() throws Exception {
        Failures failures = new Failures();
        RWMutex rw = new RWMutex();

        CountDownLatch readLocked = new CountDownLatch(1);
        CountDownLatch readRelease = new CountDownLatch(1);
        failures.go("rwThreads-reader", () -> {
            rw.rLock();
            readLocked.countDown();
            Waits.awaitLatch(readRelease, Waits.WAIT_BOUND_SECONDS);
            rw.rUnlock();
        });
        awaitOpen(readLocked, failures, "the goroutine reader");
        AtomicBoolean writerIn = new AtomicBoolean();
        Thread writer = start(Thread.ofPlatform().daemon(true), "rwThreads-writer", failures, () -> {
            rw.lock();
            writerIn.set(true);
            rw.unlock();
        });
        awaitWaiting(writer, failures);
        assertFalse(writerIn.get(), "the platform writer got in while a goroutine read");
        readRelease.countDown();
        join(writer, failures);
        failures.check();
        assertTrue(writerIn.get());

        rw.lock(); // the JUnit (platform) thread writes
        AtomicBoolean readerIn = new AtomicBoolean();
        Thread reader = start(Thread.ofVirtual(), "rwThreads-reader", failures, () -> {
            rw.rLock();
            readerIn.set(true);
            rw.rUnlock();
        });
        awaitWaiting(reader, failures);
        assertFalse(readerIn.get(), "the virtual-thread reader got in while a platform thread wrote");
        rw.unlock();
        join(reader, failures);
        failures.check();
        assertTrue(readerIn.get());
    }
}
