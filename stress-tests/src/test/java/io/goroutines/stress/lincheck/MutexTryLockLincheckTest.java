package io.goroutines.stress.lincheck;

import io.goroutines.sync.Mutex;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * Proves that {@link Mutex#tryLock()} and {@link Mutex#unlock()} are linearizable as
 * a lock bit when the mutex is used correctly: tryLock succeeds exactly when the
 * mutex is unlocked, and an unlock releases it. Each Lincheck thread unlocks only a
 * mutex that its own tryLock locked (the {@code threadId} parameter tells whose call
 * it is; an unlock by another thread returns "not held" without calling unlock), so
 * no unlock is a misuse: {@link MutexUnlockMisuseLincheckTest} checks misuses on
 * their own. {@code lock()} is not an operation: a scenario could leave the
 * mutex locked with no unlock to come, and lock would then wait forever;
 * {@link MutexCounterLincheckTest} checks it.
 *
 * <p>Sequential specification: the holder's thread id, or -1 when unlocked
 * ({@link Spec}).
 */
public class MutexTryLockLincheckTest extends LincheckTestBase {

    static final String NOT_HELD = "not held by this thread";

    private final Mutex mu = new Mutex();
    /** The thread id whose tryLock holds {@link #mu}, or -1; written only by that thread. */
    private volatile int holder = -1;

    public MutexTryLockLincheckTest() {
        super(Spec.class);
    }

    @Operation
    public boolean tryLock(@Param(gen = ThreadIdGen.class) int threadId) {
        if (!mu.tryLock()) {
            return false;
        }
        holder = threadId;
        return true;
    }

    @Operation
    public String unlock(@Param(gen = ThreadIdGen.class) int threadId) {
        if (holder != threadId) {
            return NOT_HELD;
        }
        holder = -1;
        return LincheckMode.call(mu::unlock);
    }

    /** The sequential specification: who holds the lock. */
    public static final class Spec {
        private int holder = -1;

        public boolean tryLock(int threadId) {
            if (holder != -1) {
                return false;
            }
            holder = threadId;
            return true;
        }

        public String unlock(int threadId) {
            if (holder != threadId) {
                return NOT_HELD;
            }
            holder = -1;
            return LincheckMode.OK;
        }

        @Override public boolean equals(Object o) { return o instanceof Spec s && holder == s.holder; }
        @Override public int hashCode() { return holder; }
    }
}
