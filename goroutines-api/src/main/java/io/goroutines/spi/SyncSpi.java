package io.goroutines.spi;

/**
 * The runtime side of package {@code io.goroutines.sync}: Go's sync types built on the
 * runtime's semaphores (runtime/sema.go). Each API object ({@code Mutex},
 * {@code RWMutex}, {@code WaitGroup}, {@code Once}) delegates to one of the objects
 * made here. Not for application use.
 */
public interface SyncSpi {

    /**
     * A new {@code sync.Mutex}.
     *
     * @return an unlocked mutex
     */
    Locker newMutex();

    /**
     * A new {@code sync.RWMutex}.
     *
     * @return an unlocked reader/writer mutex
     */
    RWLocker newRWMutex();

    /**
     * A new {@code sync.WaitGroup}.
     *
     * @return a wait group at zero
     */
    WaitGroupOps newWaitGroup();

    /**
     * A new {@code sync.Once}.
     *
     * @return a once that has not run
     */
    OnceOps newOnce();

    /** Go's {@code sync.Locker} plus {@code TryLock}. */
    interface Locker {
        /** Go's {@code Lock}. */
        void lock();

        /** Go's {@code Unlock}. */
        void unlock();

        /**
         * Go's {@code TryLock}.
         *
         * @return whether the lock was taken
         */
        boolean tryLock();
    }

    /** Go's {@code sync.RWMutex}. */
    interface RWLocker extends Locker {
        /** Go's {@code RLock}. */
        void rLock();

        /** Go's {@code RUnlock}. */
        void rUnlock();

        /**
         * Go's {@code TryRLock}.
         *
         * @return whether a read lock was taken
         */
        boolean tryRLock();
    }

    /** Go's {@code sync.WaitGroup} ({@code Done} is {@code add(-1)}). */
    interface WaitGroupOps {
        /**
         * Go's {@code Add}.
         *
         * @param delta added to the counter; may be negative
         */
        void add(int delta);

        /** Go's {@code Wait}. */
        void await();
    }

    /** Go's {@code sync.Once}. */
    interface OnceOps {
        /**
         * Go's {@code Do}.
         *
         * @param f run by the first call only
         */
        void run(Runnable f);
    }
}
