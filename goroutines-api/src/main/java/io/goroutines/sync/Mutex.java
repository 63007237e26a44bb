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
 * dumps. Any thread may use a {@code Mutex}; waiting is not interruptible.
 */
public final class Mutex {

    private final SyncSpi.Locker impl;

    /** Makes an unlocked mutex (Go's zero value). */
    public Mutex() {
        impl = Providers.get().sync().newMutex();
    }

    /**
     * Go's {@code m.Lock()}: locks the mutex, blocking until it is available.
     */
    public void lock() {
        impl.lock();
    }

    /**
     * Go's {@code m.Unlock()}: unlocks the mutex. Any goroutine may unlock it, not
     * only the one that locked it.
     *
     * @throws io.goroutines.Panic {@code "sync: unlock of unlocked mutex"} if the
     *                             mutex is not locked
     */
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
