package io.goroutines.stress.lincheck;

import io.goroutines.sync.Mutex;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Proves that a misused {@link Mutex#unlock()} (of an unlocked mutex, which panics
 * {@code "sync: unlock of unlocked mutex"} as the Javadoc of
 * {@code io.goroutines.sync.Mutex} says) leaves the mutex as it was for the calls that
 * overlap it, in the smallest scenario (one call in each of two threads, nothing
 * before or after), with both of Lincheck's strategies. Go itself never needs this:
 * there, unlocking an unlocked mutex is a fatal error that ends the program
 * (sync/mutex.go calls {@code fatal}), while here the panic can be recovered and the
 * program goes on with the mutex.
 *
 * <p>These tests found a bug, since fixed. {@code MutexImpl.unlock} (goroutines-impl)
 * did {@code getAndAdd(state, -LOCKED)} first, as Go's {@code Unlock} does, which
 * turned an unlocked state 0 into -1 (every bit set: LOCKED, WOKEN, STARVING and a
 * huge waiter count), and only then, in {@code unlockSlow}, saw the misuse and added
 * LOCKED back before it threw. Between the two adds the mutex looked locked and
 * starving:
 * <ul>
 *   <li>{@link TryLockRace}: a concurrent {@code tryLock()} read -1 and returned
 *       false, though the mutex is never locked in any sequential order:
 *       <pre>
 *       | tryLock(): false | unlock(): panic: sync: unlock of unlocked mutex |</pre></li>
 *   <li>{@link LockRace}: a concurrent {@code lock()} failed its fast CAS, read -1
 *       in {@code lockSlow}, saw a starving mutex, so added itself as a waiter
 *       without setting LOCKED: CAS(-1, 7) succeeded (the all-ones waiter count
 *       wraps to 0) and it slept on the semaphore. The undo then made the state 8:
 *       one waiter, unlocked, not starving, and no unlock would ever come to wake it.
 *       The lock hung forever (stress: "The execution has hung" after Lincheck's
 *       hang timeout, the thread parked in {@code Sema.acquire <- MutexImpl.lockSlow};
 *       model checking printed that interleaving):
 *       <pre>
 *       | unlock(): panic: sync: unlock of unlocked mutex | lock(): &lt;hung&gt; |</pre></li>
 * </ul>
 * Now {@code unlock} checks LOCKED and clears it in one CAS, and panics without
 * writing when the bit is clear (the invariant is in {@code MutexImpl}'s class
 * comment). goroutines-impl's {@code MutexTest} races the same misuse against
 * tryLock and lock on real threads; {@link RWMutexUnlockMisuseLincheckTest} is this
 * test for RWMutex.
 *
 * <p>Sequential specification: a lock bit ({@link Spec}), under which the first
 * scenario's tryLock must succeed and the second's lock must return.
 */
public class MutexUnlockMisuseLincheckTest {

    @Test
    void tryLockDuringMisusedUnlockStress() {
        LincheckMode.checkOneCallEach(new StressOptions(), TryLockRace.class, Spec.class);
    }

    @Test
    void tryLockDuringMisusedUnlockModelChecking() {
        LincheckMode.checkOneCallEach(new ModelCheckingOptions(), TryLockRace.class, Spec.class);
    }

    @Test
    void lockDuringMisusedUnlockStress() {
        LincheckMode.checkOneCallEach(new StressOptions(), LockRace.class, Spec.class);
    }

    @Test
    void lockDuringMisusedUnlockModelChecking() {
        LincheckMode.checkOneCallEach(new ModelCheckingOptions(), LockRace.class, Spec.class);
    }

    /** tryLock against a misused unlock. */
    public static class TryLockRace {
        final Mutex mu = new Mutex();

        @Operation
        public boolean tryLock() {
            return mu.tryLock();
        }

        @Operation
        public String unlock() {
            return LincheckMode.call(mu::unlock);
        }
    }

    /** lock against a misused unlock. */
    public static class LockRace {
        final Mutex mu = new Mutex();

        /** At most once per scenario: two locks would wait forever by themselves. */
        @Operation(runOnce = true)
        public String lock() {
            mu.lock();
            return LincheckMode.OK;
        }

        @Operation
        public String unlock() {
            return LincheckMode.call(mu::unlock);
        }
    }

    /** The sequential specification of both: a lock bit. */
    public static final class Spec {
        private boolean locked;

        public boolean tryLock() {
            if (locked) {
                return false;
            }
            locked = true;
            return true;
        }

        /** Scenarios have one lock at most and the mutex starts unlocked, so it never waits. */
        public String lock() {
            if (locked) {
                throw new IllegalStateException("model: lock would wait; the scenarios never allow it");
            }
            locked = true;
            return LincheckMode.OK;
        }

        public String unlock() {
            if (!locked) {
                return "panic: sync: unlock of unlocked mutex";
            }
            locked = false;
            return LincheckMode.OK;
        }

        @Override public boolean equals(Object o) { return o instanceof Spec s && locked == s.locked; }
        @Override public int hashCode() { return Boolean.hashCode(locked); }
    }
}
