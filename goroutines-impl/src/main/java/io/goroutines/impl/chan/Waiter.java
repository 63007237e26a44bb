package io.goroutines.impl.chan;

import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.WaitReason;
import io.goroutines.impl.sched.WakeSignal;

/**
 * Something a thread parks on until a waker signals it: a plain operation's
 * {@link PlainSudog}, or a blocked select's {@link SelectState}. Go's
 * {@code gopark}/{@code goready} pair, where the signal is {@code gp.param}. An
 * interface, so that a plain sudog can be both this and a {@link Sudog}.
 */
interface Waiter extends WakeSignal {

    /**
     * Spins before parking when {@link Sched#canSpinChan()}: Go's {@code active_spin} (4)
     * rounds of {@code active_spin_cnt} (30) pauses, the budget Go's sync.Mutex spins
     * for (runtime/proc.go, sync/mutex.go).
     */
    int SPINS = 4 * 30;

    /** Why the parked thread waits, for dumps. */
    WaitReason waitReason();

    /** What it waits on, for {@code LockSupport}'s parkBlocker. */
    Object blocker();

    /**
     * Parks the calling thread until {@link #isWoken()}, with {@link #waitReason()}
     * shown in dumps, after a short spin when Go's {@code canSpin} rule allows.
     * Spurious returns of {@code LockSupport.park} are absorbed. Not interruptible (Go
     * has no interrupts): an interrupt is remembered and re-asserted on return.
     *
     * <p>Only {@code this} is live across the park: the reason and blocker are read
     * from it, and the rare second park is out of line. Every parked goroutine freezes
     * this frame into its stack chunk, where each value kept costs a word.
     */
    default void park() {
        Sched sched = Sched.get();
        if (spinUntilWoken(sched)) {
            return;
        }
        sched.park(waitReason(), blocker());
        if (!isWoken()) {
            parkUntilWoken(Thread.interrupted());
        }
    }

    /**
     * Before a park: whether {@link #isWoken()} became true during a short spin (when
     * Go's {@code canSpin} rule allows) or at once.
     *
     * @param sched the scheduler, for its spin rule
     * @return whether the waker already signalled
     */
    default boolean spinUntilWoken(Sched sched) {
        // A peer running on another P often answers within a few hundred nanoseconds;
        // catching that here saves a park and an unpark (two continuation switches).
        // Go's channels always park, but a goroutine switch costs Go about 100 ns, a Loom
        // continuation switch several times that. Go's canSpin rule decides, relaxed for
        // channels (see Sched.canSpinChan).
        if (sched.canSpinChan()) {
            for (int i = 0; i < SPINS; i++) {
                if (isWoken()) {
                    return true;
                }
                Thread.onSpinWait();
            }
        }
        return isWoken();
    }

    /**
     * {@link #park} for an interruptible operation (ADR 0017): returns true once woken,
     * or false, with the interrupt status cleared, when the thread is interrupted first
     * (also when the status is set on entry, as the park then returns at once). After
     * false the caller withdraws its wait under the channel lock, or, when a waker got
     * there first, calls {@link #parkUntilWoken} with {@code true}.
     *
     * @return whether the waker signalled
     */
    default boolean parkInterruptibly() {
        Sched sched = Sched.get();
        if (spinUntilWoken(sched)) {
            return true;
        }
        while (!isWoken()) {
            if (Thread.interrupted()) {
                return false;
            }
            sched.park(waitReason(), blocker());
        }
        return true;
    }

    /**
     * Parks, not interruptibly, until {@link #isWoken()}; the interrupt status is set on
     * return when {@code interrupted} or when an interrupt came meanwhile. The rest of
     * {@link #park} after a spurious return or an interrupt, and of an interruptible wait
     * whose waker won the race with the interrupt: its signal follows.
     *
     * @param interrupted whether the caller already took an interrupt to set again
     */
    default void parkUntilWoken(boolean interrupted) {
        Sched.parkUntilWoken(this, waitReason(), blocker(), interrupted);
    }
}
