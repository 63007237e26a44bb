package io.goroutines.spi;

import io.goroutines.context.Context;

/**
 * The runtime side of package {@code io.goroutines.sync}: Go's sync types built on the
 * runtime's semaphores and notify lists (runtime/sema.go). Each API object
 * ({@code Mutex}, {@code RWMutex}, {@code WaitGroup}, {@code Once}, {@code Cond},
 * {@code Semaphore}) delegates to one of the objects made here. Not for application
 * use.
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

    /**
     * A new notify list, the runtime half of a {@code sync.Cond}.
     *
     * @return a list with no waiters
     */
    NotifyList newNotifyList();

    /**
     * A new {@code golang.org/x/sync/semaphore.Weighted} of total weight {@code size}.
     *
     * @param size the semaphore's size, not negative (checked by the caller)
     * @return a semaphore with nothing held
     */
    WeightedOps newWeighted(long size);

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

    /**
     * Go's {@code notifyList} (runtime/sema.go): the tickets and parked waiters behind a
     * {@code sync.Cond}. A waiter takes a ticket with {@link #add()} while it still holds
     * the Cond's lock, releases the lock, then waits for that ticket; a notification
     * sent in between is not lost.
     */
    interface NotifyList {
        /**
         * Go's {@code notifyListAdd}.
         *
         * @return the caller's ticket, to pass to {@link #await(int)}
         */
        int add();

        /**
         * Go's {@code notifyListWait}: returns at once if {@code ticket} was already
         * notified, else parks until it is. Not interruptible: an interrupt is set again
         * on return.
         *
         * @param ticket a ticket from {@link #add()}, waited for once
         */
        void await(int ticket);

        /**
         * {@link #await(int)} that an interrupt ends: an interrupt while the ticket is not
         * yet notified gives the ticket up (a later {@code signal} goes to the next
         * waiter) and throws with the interrupt status cleared; a ticket notified first
         * returns normally, with the status set again.
         *
         * @param ticket a ticket from {@link #add()}, waited for once
         * @throws InterruptedException if interrupted before the ticket was notified
         */
        void awaitInterruptibly(int ticket) throws InterruptedException;

        /**
         * Gives up a ticket that will never be waited for (the Cond's unlock panicked
         * after {@link #add()}), so that a later {@code signal} is not spent on it.
         *
         * @param ticket a ticket from {@link #add()} that is not waited for
         */
        void abandon(int ticket);

        /** Go's {@code notifyListNotifyOne}: wakes the waiter with the oldest ticket not yet notified. */
        void signal();

        /** Go's {@code notifyListNotifyAll}: wakes every waiter holding a ticket. */
        void broadcast();
    }

    /** Go's {@code golang.org/x/sync/semaphore.Weighted}; arguments arrive checked. */
    interface WeightedOps {
        /**
         * Go's {@code Acquire}: takes weight {@code n}, waiting in FIFO order.
         *
         * @param ctx ends the wait when it is done
         * @param n the weight, not negative
         * @throws Exception {@code ctx.err()} when {@code ctx} is done first
         */
        void acquire(Context ctx, long n) throws Exception;

        /**
         * Go's {@code TryAcquire}.
         *
         * @param n the weight, not negative
         * @return whether the weight was taken
         */
        boolean tryAcquire(long n);

        /**
         * Go's {@code Release}.
         *
         * @param n the weight, not negative
         */
        void release(long n);
    }
}
