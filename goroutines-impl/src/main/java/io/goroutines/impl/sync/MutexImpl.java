package io.goroutines.impl.sync;

import io.goroutines.Panic;
import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.WaitReason;
import io.goroutines.spi.SyncSpi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.Mutex} (sync/mutex.go): {@code Lock}, {@code lockSlow},
 * {@code TryLock}, {@code Unlock}, {@code unlockSlow}, on a runtime {@link Sema}.
 *
 * <h2>Implementation overview</h2>
 * One int of state: bit 0 {@code LOCKED}, bit 1 {@code WOKEN} (a waiter has been woken
 * or is spinning: an unlock need not wake another), bit 2 {@code STARVING}, and the
 * number of waiters above. Two modes, as in Go:
 * <ul>
 *   <li><b>Normal</b>: waiters queue FIFO, but a woken waiter competes with goroutines
 *       that just arrived (and are running, so usually win). A waiter that lost is
 *       queued again at the front. Arriving goroutines spin briefly first when Go's
 *       {@code canSpin} rule allows. High throughput.</li>
 *   <li><b>Starvation</b>: entered when a waiter has waited more than 1 ms. Unlock hands
 *       the mutex straight to the first waiter (semaphore handoff); newcomers neither
 *       take it nor spin, they queue at the tail. Left when the waiter that got the
 *       mutex is the last one, or waited less than 1 ms.</li>
 * </ul>
 *
 * <h2>Fields</h2>
 * {@code state} is only changed by CAS or atomic add; every decision re-reads it. The
 * semaphore's own invariants are in {@link Sema}. Any thread may lock and unlock (Go's
 * mutex is not owned by a goroutine either).
 *
 * <p>{@code state} never loses its {@code LOCKED} bit except by the holder's unlock, and
 * an unlock that finds the bit clear writes nothing. Go's {@code Unlock} subtracts
 * {@code LOCKED} first and checks afterwards, which is harmless there: an unlock of an
 * unlocked mutex is a fatal error that ends the process. Here it is a {@link Panic}
 * the program may recover from and go on using the mutex, so {@link #unlock()} checks
 * the bit and clears it in one CAS: a subtraction from an unlocked state would publish
 * a state that looks locked, starving and awaited by a huge number of waiters, and a
 * concurrent {@code tryLock} would fail on a free mutex and a concurrent {@code lock}
 * would queue behind a handoff that never comes (stress-tests'
 * {@code MutexUnlockMisuseLincheckTest}). In starvation mode the holder's unlock
 * leaves {@code LOCKED} clear and the woken waiter sets it (see {@code unlockSlow}):
 * an unlock in between panics too, as in Go.
 */
final class MutexImpl implements SyncSpi.Locker {

    private static final int LOCKED = 1;
    private static final int WOKEN = 2;
    private static final int STARVING = 4;
    private static final int WAITER_SHIFT = 3;
    /** Go's {@code starvationThresholdNs}: 1 ms. */
    private static final long STARVATION_THRESHOLD_NS = 1_000_000;
    /** Go's {@code active_spin}: spin iterations before queueing. */
    private static final int ACTIVE_SPIN = 4;
    /** Go's {@code active_spin_cnt}: pauses per iteration. */
    private static final int ACTIVE_SPIN_CNT = 30;

    @SuppressWarnings("unused")
    private volatile int state;
    private final Sema sema = new Sema();
    private final WaitReason reason;

    MutexImpl() {
        this(WaitReason.SYNC_MUTEX_LOCK);
    }

    /** A mutex whose waiters show {@code reason} (RWMutex's writer lock shows its own). */
    MutexImpl(WaitReason reason) {
        this.reason = reason;
    }

    @Override
    public void lock() {
        Sched.get().safePoint(); // Go's function prologue: before taking the mutex, not while holding it
        if (STATE.compareAndSet(this, 0, LOCKED)) {
            return; // fast path: unlocked
        }
        lockSlow();
    }

    @Override
    public boolean tryLock() {
        int old = state;
        if ((old & (LOCKED | STARVING)) != 0) {
            return false;
        }
        // A waiter may be waking up, but we are running now and may take it first.
        return STATE.compareAndSet(this, old, old | LOCKED);
    }

    private void lockSlow() {
        long waitStart = 0;
        boolean starving = false;
        boolean awoke = false;
        int iter = 0;
        Sched sched = Sched.get();
        int old = state;
        for (;;) {
            // Spin only in normal mode while locked: in starvation mode the mutex goes
            // to a waiter, so spinning cannot win it.
            if ((old & (LOCKED | STARVING)) == LOCKED && iter < ACTIVE_SPIN && sched.canSpin()) {
                // Tell unlock not to wake a waiter: we will take it.
                if (!awoke && (old & WOKEN) == 0 && (old >>> WAITER_SHIFT) != 0
                        && STATE.compareAndSet(this, old, old | WOKEN)) {
                    awoke = true;
                }
                for (int i = 0; i < ACTIVE_SPIN_CNT; i++) {
                    Thread.onSpinWait();
                }
                iter++;
                old = state;
                continue;
            }
            int next = old;
            if ((old & STARVING) == 0) {
                next |= LOCKED; // do not take a starving mutex: newcomers queue
            }
            if ((old & (LOCKED | STARVING)) != 0) {
                next += 1 << WAITER_SHIFT;
            }
            // Switch to starvation mode, unless it is unlocked (unlock expects a starving
            // mutex to have waiters).
            if (starving && (old & LOCKED) != 0) {
                next |= STARVING;
            }
            if (awoke) {
                if ((next & WOKEN) == 0) {
                    throw new IllegalStateException("sync: inconsistent mutex state");
                }
                next &= ~WOKEN;
            }
            if (STATE.compareAndSet(this, old, next)) {
                if ((old & (LOCKED | STARVING)) == 0) {
                    return; // locked it with the CAS
                }
                boolean lifo = waitStart != 0; // woken before: wait at the front
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                }
                sema.acquire(lifo, reason);
                starving = starving || System.nanoTime() - waitStart > STARVATION_THRESHOLD_NS;
                old = state;
                if ((old & STARVING) != 0) {
                    // Handed off to us in starvation mode: LOCKED is not set yet, and we
                    // still count as a waiter. Fix both.
                    if ((old & (LOCKED | WOKEN)) != 0 || (old >>> WAITER_SHIFT) == 0) {
                        throw new IllegalStateException("sync: inconsistent mutex state");
                    }
                    int delta = LOCKED - (1 << WAITER_SHIFT);
                    if (!starving || (old >>> WAITER_SHIFT) == 1) {
                        // Leave starvation mode: we waited little, or nobody else waits.
                        // Staying would make two goroutines run lock-step forever (Go).
                        delta -= STARVING;
                    }
                    STATE.getAndAdd(this, delta);
                    return;
                }
                awoke = true;
                iter = 0;
            } else {
                old = state;
            }
        }
    }

    @Override
    public void unlock() {
        // Fast path: held, no waiters, not starving. The witness of a failed exchange is
        // the state the slow path starts from.
        int old = (int) STATE.compareAndExchange(this, LOCKED, 0);
        if (old != LOCKED) {
            unlockSlow(old);
        }
    }

    /**
     * Unlock from state {@code old} (as read last): clears {@code LOCKED} by CAS only when
     * it is set, so an unlock of an unlocked mutex panics without having written
     * anything; then, as Go's {@code unlockSlow}, wakes a waiter or hands the mutex off.
     */
    private void unlockSlow(int old) {
        int next;
        for (;;) {
            if ((old & LOCKED) == 0) {
                throw new Panic("sync: unlock of unlocked mutex");
            }
            next = old - LOCKED;
            int witness = (int) STATE.compareAndExchange(this, old, next);
            if (witness == old) {
                break;
            }
            old = witness;
        }
        if ((next & STARVING) == 0) {
            old = next;
            for (;;) {
                // No waiters, or one was woken, or it was locked again, or it is
                // starving (the handoff chain is not ours): nobody to wake.
                if ((old >>> WAITER_SHIFT) == 0 || (old & (LOCKED | WOKEN | STARVING)) != 0) {
                    return;
                }
                int n = (old - (1 << WAITER_SHIFT)) | WOKEN;
                if (STATE.compareAndSet(this, old, n)) {
                    sema.release(false);
                    return;
                }
                old = state;
            }
        }
        // Starvation mode: hand the mutex to the first waiter and yield to it. LOCKED
        // stays clear, but STARVING keeps newcomers out; the waiter sets LOCKED.
        sema.release(true);
    }

    @Override
    public String toString() {
        int s = state;
        return "Mutex(" + ((s & LOCKED) != 0 ? "locked" : "unlocked")
                + ((s & STARVING) != 0 ? ", starving" : "") + ", waiters=" + (s >>> WAITER_SHIFT) + ")";
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(MutexImpl.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
