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
    MutexOps newMutex();

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

    /** Go's {@code sync.Mutex}: a {@link Locker} whose {@code lock} may also wait interruptibly. */
    interface MutexOps extends Locker {
        /**
         * {@code Lock} that an interrupt ends: an interrupt on entry, or while it waits,
         * withdraws the waiter (the mutex is not held) and throws, with the interrupt
         * status cleared; a mutex handed over first is held, with the status set again.
         *
         * @throws InterruptedException if interrupted before the mutex was taken
         */
        void lockInterruptibly() throws InterruptedException;
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

        /**
         * {@code Wait} that an interrupt ends: an interrupt on entry, or while it waits,
         * withdraws the waiter and throws, with the interrupt status cleared; a wait the
         * counter's zero already ended returns, with the status set again.
         *
         * @throws InterruptedException if interrupted before the counter reached zero
         */
        void awaitInterruptibly() throws InterruptedException;
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
