package io.goroutines.impl.sync;

import io.goroutines.Panic;
import io.goroutines.impl.panic.PanicMessages;
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
 *
 * <h2>Interruptible lock (ADR 0017)</h2>
 * Go's mutex has no way out of a wait; {@link #lockInterruptibly()} adds one without
 * changing the protocol above. The waiter count obeys one equation: it is the number of
 * goroutines counted in by a queueing CAS and not yet woken, minus the wakes that
 * {@code unlockSlow} granted in normal mode (it subtracts a waiter and sets
 * {@code WOKEN} before its semaphore release reaches anyone) and nobody took yet;
 * {@code WOKEN} allows at most one such wake at a time. A waiter that leaves must keep
 * that equation, and give back {@code WOKEN} if it holds it:
 * <ul>
 *   <li>interrupted before it queues (on entry, or when it would queue again after a
 *       wake): it is not counted; if it holds {@code WOKEN} (it set it while spinning,
 *       or it is the woken waiter) it clears it, and wakes another waiter when the mutex
 *       is free, as the unlock that saw {@code WOKEN} did not ({@link #leave});</li>
 *   <li>interrupted while queued: {@link Sema#acquireInterruptibly} takes it out of the
 *       semaphore's queue; then, if the count is above zero, it subtracts itself. A
 *       count of zero means the one granted wake is its own (an unlock already
 *       subtracted it, and its release found the queue empty or has yet to run): it
 *       takes that wake from the semaphore and carries on as the woken waiter, which
 *       either gets the mutex (and returns with the interrupt status set) or leaves at
 *       its next queueing as above. Should a newcomer take that semaphore count first,
 *       the newcomer is the woken one and its own increment counts the leaver, who
 *       then finds the count above zero ({@link #dropWaiter}).</li>
 * </ul>
 */
final class MutexImpl implements SyncSpi.MutexOps {

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
        lockSlow(false);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        Sched.get().safePoint();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (STATE.compareAndSet(this, 0, LOCKED)) {
            return;
        }
        if (!lockSlow(true)) {
            throw new InterruptedException();
        }
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

    /**
     * Go's {@code lockSlow}. Returns true holding the mutex; false only when
     * {@code interruptible} and interrupted while waiting, having left as the class
     * comment says (the interrupt status cleared).
     */
    private boolean lockSlow(boolean interruptible) {
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
            if (interruptible && (old & (LOCKED | STARVING)) != 0 && Thread.interrupted()) {
                leave(awoke); // about to queue: not counted as a waiter yet
                return false;
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
                    return true; // locked it with the CAS
                }
                boolean lifo = waitStart != 0; // woken before: wait at the front
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                }
                if (!interruptible) {
                    sema.acquire(lifo, reason);
                } else if (!sema.acquireInterruptibly(lifo, reason)) {
                    if (dropWaiter()) {
                        return false;
                    }
                    // The count was zero: the granted wake is ours, and we take it (dropWaiter).
                    Thread.currentThread().interrupt();
                }
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
                    return true;
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
                throw new Panic(PanicMessages.UNLOCK_OF_UNLOCKED_MUTEX);
            }
            next = old - LOCKED;
            int witness = (int) STATE.compareAndExchange(this, old, next);
            if (witness == old) {
                break;
            }
            old = witness;
        }
        if ((next & STARVING) == 0) {
            wakeWaiter(next);
            return;
        }
        // Starvation mode: hand the mutex to the first waiter and yield to it. LOCKED
        // stays clear, but STARVING keeps newcomers out; the waiter sets LOCKED.
        sema.release(true);
    }

    /**
     * {@code unlockSlow}'s normal mode, from state {@code old}: if waiters wait on a free
     * mutex that is not starving and none was woken, grant a wake (one waiter less,
     * {@code WOKEN}) and release the semaphore once.
     */
    private void wakeWaiter(int old) {
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

    /**
     * An interrupted {@code lockInterruptibly} leaves before queueing: gives back
     * {@code WOKEN} when it holds it ({@code awoke}), then grants the wake an unlock
     * held back because of it, if the mutex is free with waiters.
     */
    private void leave(boolean awoke) {
        if (!awoke) {
            return;
        }
        int old = state;
        while (!STATE.compareAndSet(this, old, old & ~WOKEN)) {
            old = state;
        }
        wakeWaiter(old & ~WOKEN);
    }

    /**
     * An interrupted waiter out of the semaphore's queue: subtracts it from the waiter
     * count and returns true, or, when the count is zero, takes the wake granted to it
     * from the semaphore (spinning while the unlock that granted it has not released
     * yet) and returns false: the caller is then the woken waiter. See the class comment.
     */
    private boolean dropWaiter() {
        for (int spins = 0; ; spins++) {
            int old = state;
            if ((old >>> WAITER_SHIFT) != 0) {
                int next = old - (1 << WAITER_SHIFT);
                if ((next >>> WAITER_SHIFT) == 0 && (next & (LOCKED | STARVING)) == (LOCKED | STARVING)) {
                    // The last waiter of a starving mutex leaves: its holder's unlock would
                    // hand it to nobody, so back to normal mode (Go leaves it with the
                    // last waiter too).
                    next &= ~STARVING;
                }
                if (STATE.compareAndSet(this, old, next)) {
                    return true;
                }
            } else if (sema.tryAcquire()) {
                return false;
            } else if (spins < ACTIVE_SPIN_CNT) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the granting unlock is between its CAS and its release
            }
        }
    }

    @Override
    public String toString() {
        int s = state;
        return "Mutex(" + ((s & LOCKED) != 0 ? "locked" : "unlocked")
                + ((s & STARVING) != 0 ? ", starving" : "") + ((s & WOKEN) != 0 ? ", woken" : "")
                + ", waiters=" + (s >>> WAITER_SHIFT) + ", " + sema + ")";
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
