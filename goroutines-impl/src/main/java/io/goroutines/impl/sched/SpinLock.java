package io.goroutines.impl.sched;

import java.lang.invoke.VarHandle;

/**
 * The runtime's short test-and-set locks, one implementation for all of them: a
 * channel's {@code hchan.lock} ({@code HChan}), a timer's {@code mu} and
 * {@code sendLock} ({@code RuntimeTimer}), a P's timer-heap lock ({@code Timers.mu}), a
 * semaphore's queue lock ({@code Sema}), the queue locks of {@code NotifyListImpl} and
 * {@code WeightedImpl}, and the stripe locks of {@code AllGs}. (The execution tracer's
 * shared buffer, {@code TraceBuf}, spins on a word of its own without this class.)
 * Their order is in {@code docs/lock-order.md}.
 * Go's runtime {@code mutex} (lock_futex.go) spins, yields, then sleeps the M; it
 * never parks the goroutine. Here the owner keeps the lock word inline, in an
 * {@code int} field (0 free, 1 held), and locks it with {@link #lock}: one CAS, inlined
 * into the caller, then {@link #lockSlow} when it fails.
 *
 * <p>Why spinning is enough, and the one rule: no holder ever blocks or unmounts while
 * holding such a lock (critical sections copy values, link or unlink entries, and
 * return; readying, parking and running user code happen outside), so a holder is
 * always running and the wait is short. A virtual thread must never yield while
 * waiting: it may hold another of these locks (a select holds several channel locks,
 * a blocking receive on a timer channel holds the channel's lock while it takes the
 * timer heap's), and if it unmounted, the spinners re-queued ahead of it could keep
 * its P from ever running it again (the livelock seen in BenchmarkChanPopular). Only
 * a platform thread yields, which is an OS-level yield: it stays runnable and keeps
 * its locks.
 */
public final class SpinLock {

    /** Spins before a platform thread yields to the OS (Go's active_spin is 4 rounds of 30 PAUSEs). */
    private static final int SPINS_BEFORE_YIELD = 128;
    /**
     * The most pauses between two looks at a held lock word (see {@link #lockSlow}).
     * Chosen by an A/B of 2, 8, 16 and 32 on the contended channel benchmarks
     * (docs/benchmarks.md, issue 21).
     */
    private static final int MAX_BACKOFF = 32;

    private SpinLock() {
    }

    /**
     * Takes the lock word {@code lock} of {@code owner} (an int field, 0 = free): one CAS
     * inline, then {@link #lockSlow}.
     *
     * @param lock the VarHandle of the lock word
     * @param owner the object holding the lock word
     */
    public static void lock(VarHandle lock, Object owner) {
        if (!lock.compareAndSet(owner, 0, 1)) {
            lockSlow(lock, owner);
        }
    }

    /**
     * Releases the lock word {@code lock} of {@code owner}, held by the caller.
     *
     * @param lock the VarHandle of the lock word
     * @param owner the object holding the lock word
     */
    public static void unlock(VarHandle lock, Object owner) {
        lock.setRelease(owner, 0);
    }

    /**
     * Takes the lock word {@code lock} of {@code owner} (an int field, 0 = free) after
     * the inline CAS failed.
     *
     * @param lock the VarHandle of the lock word
     * @param owner the object holding the lock word
     */
    public static void lockSlow(VarHandle lock, Object owner) {
        boolean platform = !Thread.currentThread().isVirtual();
        int spins = 0;
        int backoff = 1;
        for (;;) {
            if ((int) lock.getOpaque(owner) == 0 && lock.compareAndSet(owner, 0, 1)) {
                return;
            }
            if (platform && ++spins >= SPINS_BEFORE_YIELD) {
                spins = 0;
                Thread.yield(); // an OS-level yield: this thread keeps any lock it holds
            } else {
                // Exponential backoff: a waiter that reads the lock word at every pause
                // keeps taking the cache line that the holder is writing (the word sits
                // beside the fields it guards), which lengthens every critical section.
                for (int i = 0; i < backoff; i++) {
                    Thread.onSpinWait();
                }
                if (backoff < MAX_BACKOFF) {
                    backoff <<= 1;
                }
            }
        }
    }
}
