package io.goroutines.stress.lincheck;

import io.goroutines.sync.Mutex;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Proves mutual exclusion of {@link Mutex#lock()} and {@link Mutex#unlock()} through
 * a linearizable counter: {@code increment} locks, increments a plain (not volatile)
 * int, unlocks and returns the new value; {@code get} reads it under the lock. If two
 * critical sections overlapped, or an unlock did not publish the section's write to
 * the next lock (Go's memory model), an increment would be lost or a stale value
 * read, and no sequential order would explain the results.
 *
 * <p>Sequential specification: a plain counter ({@link Spec}).
 */
public class MutexCounterLincheckTest extends LincheckTestBase {

    private final Mutex mu = new Mutex();
    private int count;

    public MutexCounterLincheckTest() {
        super(Spec.class);
    }

    @Operation
    public int increment() {
        mu.lock();
        try {
            return ++count;
        } finally {
            mu.unlock();
        }
    }

    @Operation
    public int get() {
        mu.lock();
        try {
            return count;
        } finally {
            mu.unlock();
        }
    }

    /** The sequential specification: a counter. */
    public static final class Spec {
        private int count;

        public int increment() { return ++count; }
        public int get() { return count; }

        @Override public boolean equals(Object o) { return o instanceof Spec s && count == s.count; }
        @Override public int hashCode() { return count; }
    }
}
