package io.goroutines.sync;

import io.goroutines.spi.Providers;
import io.goroutines.spi.SyncSpi;

import java.util.Objects;

/**
 * Go's {@code sync.Cond}: a condition variable, where goroutines wait for an event
 * and others announce it.
 *
 * <p>Each {@code Cond} has a {@link Locker} (often a {@link Mutex}, or an
 * {@link RWMutex} or its {@link RWMutex#rLocker()}) that must be held while the
 * condition is changed and while {@link #await()} is called. As in Go, a waiter cannot
 * assume that the condition holds when {@code await} returns, so it waits in a loop:
 * <pre>{@code
 * mu.lock();
 * try {
 *     while (queue.isEmpty()) {
 *         cond.await();
 *     }
 *     item = queue.remove();
 * } finally {
 *     mu.unlock();
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #await()} (Go's {@code Wait}) unlocks the locker, waits, and locks it
 *       again before it returns. It returns only when woken by {@link #signal()} or
 *       {@link #broadcast()}, never spuriously. A {@code signal} or {@code broadcast}
 *       that comes after a waiter has entered {@code await} (while it still held the
 *       lock) wakes it, even if the waiter has not parked yet.</li>
 *   <li>{@link #signal()} wakes the waiter that has waited longest, if any;
 *       {@link #broadcast()} wakes them all. Neither requires the locker to be held.</li>
 *   <li>Memory: a call of {@code signal} or {@code broadcast} happens before the return
 *       of any {@code await} it wakes.</li>
 * </ul>
 *
 * <p>A goroutine waiting in {@code await} shows as {@code sync.Cond.Wait} in dumps and
 * counts as blocked for deadlock detection. Any thread may use a {@code Cond}.
 * {@link #await()} is not interruptible, as Go has no interrupts: an interrupt neither
 * ends nor shortens the wait, and the interrupt status is set again when it returns.
 * Java code that cancels by interrupt waits with {@link #awaitInterruptibly()}, as
 * {@link java.util.concurrent.locks.Condition} has {@code awaitUninterruptibly()} and
 * {@code await()}.
 */
public final class Cond {

    private final Locker l;
    private final SyncSpi.NotifyList notify;

    /**
     * Go's {@code sync.NewCond(l)}: a condition variable using locker {@code l}.
     *
     * @param l the locker held while the condition is observed or changed
     * @throws NullPointerException if {@code l} is {@code null}
     */
    public Cond(Locker l) {
        this.l = Objects.requireNonNull(l, "l must not be null: a Cond needs the Locker that guards its condition");
        this.notify = Providers.get().sync().newNotifyList();
    }

    /**
     * Go's {@code c.L}: the locker this condition variable was made with.
     *
     * @return the locker
     */
    public Locker locker() {
        return l;
    }

    /**
     * Go's {@code c.Wait()}: unlocks {@link #locker()}, waits until woken by
     * {@link #signal()} or {@link #broadcast()}, then locks the locker again before
     * returning. The caller must hold the locker. Named {@code await} because
     * {@link Object#wait()} is final.
     *
     * @throws io.goroutines.Panic what the locker's {@code unlock} throws when it is not
     *                             held (for a {@link Mutex}, {@code "sync: unlock of
     *                             unlocked mutex"}); this call then waits for nothing
     *                             and takes no signal from other waiters
     */
    public void await() {
        int ticket = notify.add(); // before the unlock: a signal from now on is ours to see
        unlock(ticket);
        notify.await(ticket);
        l.lock();
    }

    /**
     * Unlocks the locker for a waiter holding {@code ticket}. If the unlock panics (the
     * locker was not held), the ticket is given up before the panic goes on, so that no
     * later signal is spent on a waiter that never waits.
     */
    private void unlock(int ticket) {
        try {
            l.unlock();
        } catch (Throwable t) {
            notify.abandon(ticket);
            throw t;
        }
    }

    /**
     * {@link #await()} that an interrupt ends, for Java code that cancels by interrupt;
     * otherwise the same. As {@link java.util.concurrent.locks.Condition#await()}:
     * <ul>
     *   <li>if the interrupt status is set on entry, it throws
     *       {@link InterruptedException} at once, with the status cleared and the
     *       locker still held (it was never released);</li>
     *   <li>if interrupted while waiting, it stops waiting, locks the locker again and
     *       throws {@code InterruptedException} with the status cleared; a
     *       {@code signal} sent afterwards goes to another waiter, never to this one;</li>
     *   <li>if it was woken before the interrupt came, it returns normally, with the
     *       interrupt status set.</li>
     * </ul>
     * Either way the locker is held again when it returns or throws. The same in a
     * goroutine and in any other thread.
     *
     * @throws InterruptedException if the thread was interrupted before or while waiting
     */
    public void awaitInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int ticket = notify.add();
        unlock(ticket);
        try {
            notify.awaitInterruptibly(ticket);
        } finally {
            l.lock();
        }
    }

    /**
     * Go's {@code c.Signal()}: wakes the goroutine that has waited longest in
     * {@link #await()}, if any. The caller may, but need not, hold the locker.
     */
    public void signal() {
        notify.signal();
    }

    /**
     * Go's {@code c.Broadcast()}: wakes every goroutine waiting in {@link #await()}.
     * The caller may, but need not, hold the locker.
     */
    public void broadcast() {
        notify.broadcast();
    }

    /** {@return the locker and the notify list's tickets, racily read: for debugging} */
    @Override
    public String toString() {
        return "Cond(" + l + ", " + notify + ")";
    }
}
