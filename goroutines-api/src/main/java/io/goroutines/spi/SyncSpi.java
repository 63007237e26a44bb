package io.goroutines.spi;

/**
 * The runtime side of package {@code io.goroutines.sync}: Go's sync types built on the
 * runtime's semaphores (runtime/sema.go). Each API object ({@code Mutex},
 * {@code RWMutex}, {@code WaitGroup}, {@code Once}) delegates to one of the objects
 * made here. Not for application use.
 */
public interface SyncSpi {

    /** A new {@code sync.Mutex}. */
    Locker newMutex();

    /** A new {@code sync.RWMutex}. */
    RWLocker newRWMutex();

    /** A new {@code sync.WaitGroup}. */
    WaitGroupOps newWaitGroup();

    /** A new {@code sync.Once}. */
    OnceOps newOnce();

    /** Go's {@code sync.Locker} plus {@code TryLock}. */
    interface Locker {
        /** Go's {@code Lock}. */
        void lock();

        /** Go's {@code Unlock}. */
        void unlock();

        /** Go's {@code TryLock}. */
        boolean tryLock();
    }

    /** Go's {@code sync.RWMutex}. */
    interface RWLocker extends Locker {
        /** Go's {@code RLock}. */
        void rLock();

        /** Go's {@code RUnlock}. */
        void rUnlock();

        /** Go's {@code TryRLock}. */
        boolean tryRLock();
    }

    /** Go's {@code sync.WaitGroup} ({@code Done} is {@code add(-1)}). */
    interface WaitGroupOps {
        /** Go's {@code Add}. */
        void add(int delta);

        /** Go's {@code Wait}. */
        void await();
    }

    /** Go's {@code sync.Once}. */
    interface OnceOps {
        /** Go's {@code Do}. */
        void run(Runnable f);
    }
}
