package io.goroutines.impl.sched;

/**
 * A flag that a waker sets before it unparks the waiting thread: Go's
 * {@code gopark}/{@code goready} pair, where the signal is the flag. Implemented by the
 * object a wait already has (a channel waiter, a sleep timer, a semaphore waiter), so
 * that a wait allocates nothing for it; a rare wait passes a method reference
 * ({@code Program.await}, once per {@code Go.main}).
 *
 * <p>{@link Sched#parkUntilWoken} is the one loop around {@link Sched#park} for a wait
 * that ends only when the flag is set (Go has no interrupts); a wait that an interrupt
 * may end (ADR 0017) has its own loop, as it must withdraw under its own lock.
 */
public interface WakeSignal {

    /**
     * {@return whether the waker has signalled} A volatile read that publishes the
     * waker's data.
     */
    boolean isWoken();
}
