package io.goroutines.impl.chan;

import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.WaitReason;

/**
 * Something a thread parks on until a waker signals it: a plain operation's
 * {@link Sudog}, or a blocked select's {@link SelectState}. Go's
 * {@code gopark}/{@code goready} pair, where the signal is {@code gp.param}.
 */
abstract class Waiter {

    /** Whether the waker has signalled; a volatile read that publishes the waker's data. */
    abstract boolean isWoken();

    /**
     * Parks the calling thread until {@link #isWoken()}, with {@code reason} shown in
     * dumps. Spurious returns of {@code LockSupport.park} are absorbed. Not interruptible
     * (Go has no interrupts): an interrupt is remembered and re-asserted on return.
     */
    final void park(WaitReason reason, Object blocker) {
        Sched sched = Sched.get();
        boolean interrupted = false;
        while (!isWoken()) {
            sched.park(reason, blocker);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
