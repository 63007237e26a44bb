package io.goroutines.sync;

import io.goroutines.spi.Providers;
import io.goroutines.spi.SyncSpi;

/**
 * Go's {@code sync.RWMutex}: a reader/writer mutual exclusion lock.
 *
 * <p>The lock is held by any number of readers or by one writer. As in Go, a
 * writer blocked in {@link #lock()} keeps new readers out, so that writers are not
 * starved; a consequence is that a goroutine must not take a read lock it already
 * holds again (recursive read locking can deadlock). Like {@link Mutex}, the lock
 * is not owned by a thread: one goroutine may lock it and another unlock it.
 *
 * <p>An {@code RWMutex} is a {@link Locker} for its write side ({@link #lock()},
 * {@link #unlock()}); {@link #rLocker()} gives its read side as a {@code Locker}, for
 * a {@link Cond} whose waiters hold the read lock.
 *
 * <p>Any thread may use an {@code RWMutex}; waiting is not interruptible.
 */
public final class RWMutex implements Locker {

    private final SyncSpi.RWLocker impl;
    /** The read side as a Locker, made on the first {@link #rLocker()} call (a benign race: any copy will do). */
    private Locker readLocker;

    /** Makes an unlocked mutex (Go's zero value). */
    public RWMutex() {
        impl = Providers.get().sync().newRWMutex();
    }

    /**
     * Go's {@code rw.Lock()}: locks for writing, blocking until no reader or writer
     * holds the lock.
     */
    @Override
    public void lock() {
        impl.lock();
    }

    /**
     * Go's {@code rw.Unlock()}: releases the write lock.
     *
     * @throws io.goroutines.Panic {@code "sync: Unlock of unlocked RWMutex"} if it is
     *                             not locked for writing
     */
    @Override
    public void unlock() {
        impl.unlock();
    }

    /**
     * Go's {@code rw.RLock()}: locks for reading, blocking while a writer holds the
     * lock or is waiting for it.
     */
    public void rLock() {
        impl.rLock();
    }

    /**
     * Go's {@code rw.RUnlock()}: releases one read lock.
     *
     * @throws io.goroutines.Panic {@code "sync: RUnlock of unlocked RWMutex"} if it is
     *                             not locked for reading
     */
    public void rUnlock() {
        impl.rUnlock();
    }

    /**
     * Go's {@code rw.TryLock()}: locks for writing if that can be done without
     * blocking.
     *
     * @return {@code true} if the write lock was taken by this call
     */
    public boolean tryLock() {
        return impl.tryLock();
    }

    /**
     * Go's {@code rw.TryRLock()}: locks for reading if that can be done without
     * blocking.
     *
     * @return {@code true} if a read lock was taken by this call
     */
    public boolean tryRLock() {
        return impl.tryRLock();
    }

    /**
     * Go's {@code rw.RLocker()}: a {@link Locker} whose {@code lock} is
     * {@link #rLock()} and whose {@code unlock} is {@link #rUnlock()} on this mutex.
     * Every call returns a locker of the same read side, so any of them may unlock what
     * another locked.
     *
     * @return the read side of this mutex as a {@code Locker}
     */
    public Locker rLocker() {
        Locker l = readLocker;
        if (l == null) {
            l = new ReadLocker(impl);
            readLocker = l;
        }
        return l;
    }

    /** Go's {@code rlocker}: the read side of one RWMutex. Immutable, so safe to publish racily. */
    private record ReadLocker(SyncSpi.RWLocker rw) implements Locker {
        @Override
        public void lock() {
            rw.rLock();
        }

        @Override
        public void unlock() {
            rw.rUnlock();
        }

        @Override
        public String toString() {
            return "RLocker(" + rw + ")";
        }
    }
}
