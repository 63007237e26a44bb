package io.goroutines.stress.lincheck;

import io.goroutines.sync.RWMutex;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * {@link MutexUnlockMisuseLincheckTest} for {@link RWMutex}: proves that a misused
 * {@link RWMutex#rUnlock()} (no read lock held: panics
 * {@code "sync: RUnlock of unlocked RWMutex"}) or {@link RWMutex#unlock()} (no write
 * lock held: panics {@code "sync: Unlock of unlocked RWMutex"}) leaves the lock as it
 * was for the call that overlaps it, in the smallest scenario (one call in each of two
 * threads, nothing before or after), with both of Lincheck's strategies. In Go both
 * misuses are fatal errors (sync/rwmutex.go); here they are a recoverable Panic.
 *
 * <p>{@code RWMutexImpl} (goroutines-impl) once added to {@code readerCount} first and
 * checked afterwards, as Go does, and undid the add before it threw. In between the
 * count was -1 (an RUnlock: "a writer is pending") or {@code MAX_READERS} (an Unlock:
 * "a huge number of readers"):
 * <ul>
 *   <li>{@link TryRace}: a concurrent {@code tryRLock()} or {@code tryLock()} failed
 *       on the free lock, e.g.
 *       <pre>
 *       | tryLock(): false | rUnlock(): panic: sync: RUnlock of unlocked RWMutex |</pre></li>
 *   <li>{@link LockRace}: a concurrent {@code lock()} took the count it replaced for
 *       the number of active readers (-1 or {@code MAX_READERS}), so waited on the
 *       writer semaphore for readers that did not exist, and nothing ever released
 *       it: {@code lock(): <hung>}.</li>
 * </ul>
 * Now both check the count they read and change it by CAS only when the check
 * passes (the class comment of {@code RWMutexImpl}). goroutines-impl's
 * {@code RWMutexTest} races the same misuses on real threads.
 *
 * <p>Only the smallest scenario, as for Mutex: with more calls per thread, a
 * {@code tryLock} that fails on the writers' inner mutex while another
 * {@code tryLock} holds it only to give up (a reader came first) could fail on a lock
 * that in no sequential order is held, as Go's own {@code TryLock} can; that is not
 * what this test is about.
 *
 * <p>Sequential specification: a writer bit and a reader count ({@link Spec}).
 */
public class RWMutexUnlockMisuseLincheckTest {

    @Test
    void tryLocksDuringMisusedUnlocksStress() {
        LincheckMode.checkOneCallEach(new StressOptions(), TryRace.class, Spec.class);
    }

    @Test
    void tryLocksDuringMisusedUnlocksModelChecking() {
        LincheckMode.checkOneCallEach(new ModelCheckingOptions(), TryRace.class, Spec.class);
    }

    @Test
    void lockDuringMisusedUnlocksStress() {
        LincheckMode.checkOneCallEach(new StressOptions(), LockRace.class, Spec.class);
    }

    @Test
    void lockDuringMisusedUnlocksModelChecking() {
        LincheckMode.checkOneCallEach(new ModelCheckingOptions(), LockRace.class, Spec.class);
    }

    /** The try-locks against the unlocks (misused unless the other thread's try-lock got there first). */
    public static class TryRace {
        final RWMutex rw = new RWMutex();

        @Operation
        public boolean tryLock() {
            return rw.tryLock();
        }

        @Operation
        public boolean tryRLock() {
            return rw.tryRLock();
        }

        @Operation
        public String unlock() {
            return LincheckMode.call(rw::unlock);
        }

        @Operation
        public String rUnlock() {
            return LincheckMode.call(rw::rUnlock);
        }
    }

    /** lock against a misused unlock or rUnlock. */
    public static class LockRace {
        final RWMutex rw = new RWMutex();

        /** At most once per scenario: two locks would wait forever by themselves. */
        @Operation(runOnce = true)
        public String lock() {
            rw.lock();
            return LincheckMode.OK;
        }

        @Operation
        public String unlock() {
            return LincheckMode.call(rw::unlock);
        }

        @Operation
        public String rUnlock() {
            return LincheckMode.call(rw::rUnlock);
        }
    }

    /** The sequential specification of both: a writer bit and a reader count. */
    public static final class Spec {
        private boolean writer;
        private int readers;

        public boolean tryLock() {
            if (writer || readers > 0) {
                return false;
            }
            writer = true;
            return true;
        }

        public boolean tryRLock() {
            if (writer) {
                return false;
            }
            readers++;
            return true;
        }

        /** Scenarios have one lock at most and the lock starts free, so it never waits. */
        public String lock() {
            if (writer || readers > 0) {
                throw new IllegalStateException("model: lock would wait; the scenarios never allow it");
            }
            writer = true;
            return LincheckMode.OK;
        }

        public String unlock() {
            if (!writer) {
                return "panic: sync: Unlock of unlocked RWMutex";
            }
            writer = false;
            return LincheckMode.OK;
        }

        public String rUnlock() {
            if (readers == 0) {
                return "panic: sync: RUnlock of unlocked RWMutex";
            }
            readers--;
            return LincheckMode.OK;
        }

        @Override public boolean equals(Object o) {
            return o instanceof Spec s && writer == s.writer && readers == s.readers;
        }

        @Override public int hashCode() { return 31 * Boolean.hashCode(writer) + readers; }
    }
}
