package io.goroutines.sync;

import io.goroutines.spi.Providers;
import io.goroutines.spi.SyncSpi;

/**
 * Go's {@code sync.Mutex}: a mutual exclusion lock.
 *
 * <p>As in Go, and unlike {@link java.util.concurrent.locks.ReentrantLock}, a
 * {@code Mutex} is not owned by a thread: it is not reentrant (locking it twice in
 * one goroutine deadlocks), and one goroutine may lock it while another unlocks
 * it.
 *
 * <p>The usual pattern is Go's {@code mu.Lock(); defer mu.Unlock()}:
 * <pre>{@code
 * mu.lock();
 * try {
 *     count++;
 * } finally {
 *     mu.unlock();
 * }
 * }</pre>
 *
 * <p>A goroutine blocked in {@link #lock()} shows as {@code sync.Mutex.Lock} in
 * dumps. Any thread may use a {@code Mutex}. {@link #lock()} is not interruptible, in a
 * goroutine and in any other thread alike, as Go has no interrupts: an interrupt
 * neither ends nor shortens the wait, and the thread's interrupt status is set again
 * once the mutex is held. Java code that cancels by interrupt locks with
 * {@link #lockInterruptibly()}, as {@link java.util.concurrent.locks.Lock} has
 * {@code lock()} and {@code lockInterruptibly()}.
 *
 * <p>A {@code Mutex} is a {@link Locker}, so a {@link Cond} can be made with it.
 */
public final class Mutex implements Locker {

    private final SyncSpi.MutexOps impl;

    /** Makes an unlocked mutex (Go's zero value). */
    public Mutex() {
        impl = Providers.get().sync().newMutex();
    }

    /**
     * Go's {@code m.Lock()}: locks the mutex, blocking until it is available.
     */
    @Override
    public void lock() {
        impl.lock();
    }

    /**
     * {@link #lock()} that an interrupt ends, for Java code that cancels by interrupt;
     * otherwise the same (Go's two modes, normal and starvation, included). As
     * {@link java.util.concurrent.locks.Lock#lockInterruptibly()}:
     * <ul>
     *   <li>if the calling thread's interrupt status is set on entry, or it is
     *       interrupted while waiting, it stops waiting and throws
     *       {@link InterruptedException} with the status cleared; the mutex is not held
     *       by this call, and the other waiters are not delayed by it;</li>
     *   <li>if the mutex was already handed to this call when the interrupt comes, it
     *       returns holding the mutex, with the interrupt status set.</li>
     * </ul>
     * The same in a goroutine and in any other thread.
     *
     * @throws InterruptedException if the thread was interrupted before or while waiting
     */
    public void lockInterruptibly() throws InterruptedException {
        impl.lockInterruptibly();
    }

    /**
     * Go's {@code m.Unlock()}: unlocks the mutex. Any goroutine may unlock it, not
     * only the one that locked it.
     *
     * @throws io.goroutines.Panic {@code "sync: unlock of unlocked mutex"} if the
     *                             mutex is not locked
     */
    @Override
    public void unlock() {
        impl.unlock();
    }

    /**
     * Go's {@code m.TryLock()}: locks the mutex if it is available, without
     * blocking.
     *
     * @return {@code true} if the mutex was locked by this call
     */
    public boolean tryLock() {
        return impl.tryLock();
    }
}
