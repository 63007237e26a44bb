package io.goroutines.impl.sync;

import io.goroutines.Panic;
import io.goroutines.impl.panic.PanicMessages;
import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.WaitReason;
import io.goroutines.spi.SyncSpi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.WaitGroup} (sync/waitgroup.go): {@code Add}, {@code Done},
 * {@code Wait} on one 64-bit state word and a runtime {@link Sema}.
 *
 * <h2>Implementation overview</h2>
 * {@code state}'s high 32 bits are the counter, its low 32 bits the number of waiters.
 * A waiter increments the waiter count by CAS (only while the counter is positive) and
 * sleeps on the semaphore. The {@code add} that brings the counter to zero with
 * waiters present is, by the WaitGroup's contract, the only one touching the state
 * then: it resets the state to 0 and releases the semaphore once per waiter. So a
 * WaitGroup can be reused as soon as every {@code await} has returned.
 *
 * <h2>Interruptible wait (ADR 0017)</h2>
 * {@link #awaitInterruptibly()} leaves the semaphore's queue on an interrupt
 * ({@link Sema#acquireInterruptibly}), then subtracts itself from the waiter count by
 * CAS while the counter is above zero. Once the counter is zero the final
 * {@code add} has counted it and releases the semaphore once for it: it takes that
 * release (the {@code add} is running its loop) and returns normally, the interrupt
 * status set, since the wait is over.
 *
 * <h2>Misuse</h2>
 * As in Go: a negative counter panics ({@code "sync: negative WaitGroup counter"});
 * an {@code add} racing a {@code await} when the counter is zero, or a reuse before
 * the previous {@code await}s returned, panics with Go's misuse messages.
 */
final class WaitGroupImpl implements SyncSpi.WaitGroupOps {

    @SuppressWarnings("unused")
    private volatile long state;
    private final Sema sema = new Sema();

    @Override
    public void add(int delta) {
        long s = (long) STATE.getAndAdd(this, (long) delta << 32) + ((long) delta << 32);
        int v = (int) (s >> 32);
        int w = (int) s;
        if (v < 0) {
            throw new Panic(PanicMessages.NEGATIVE_WAITGROUP_COUNTER);
        }
        if (w != 0 && delta > 0 && v == delta) {
            throw new Panic(PanicMessages.WAITGROUP_ADD_CONCURRENT_WITH_WAIT);
        }
        if (v > 0 || w == 0) {
            return;
        }
        // Counter 0 with waiters: no other add or await may run now (the contract).
        if (state != s) {
            throw new Panic(PanicMessages.WAITGROUP_ADD_CONCURRENT_WITH_WAIT);
        }
        state = 0;
        for (; w != 0; w--) {
            sema.release(false);
        }
    }

    @Override
    public void await() {
        Sched.get().safePoint();
        if (addWaiter()) {
            sema.acquire(false, WaitReason.SYNC_WAITGROUP_WAIT);
            checkNotReused();
        }
    }

    @Override
    public void awaitInterruptibly() throws InterruptedException {
        Sched.get().safePoint();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (addWaiter()) {
            if (!sema.acquireInterruptibly(false, WaitReason.SYNC_WAITGROUP_WAIT)) {
                if (dropWaiter()) {
                    throw new InterruptedException();
                }
                sema.acquire(false, WaitReason.SYNC_WAITGROUP_WAIT); // our release is under way
                Thread.currentThread().interrupt();
            }
            checkNotReused();
        }
    }

    /** Counts the caller as one more waiter while the counter is above zero; false when it is zero (no wait). */
    private boolean addWaiter() {
        for (;;) {
            long s = state;
            if ((int) (s >> 32) == 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return true;
            }
        }
    }

    /** After a wait: the state must still be the reset one, or an {@code add} came too early (Go's check). */
    private void checkNotReused() {
        if (state != 0) {
            throw new Panic(PanicMessages.WAITGROUP_REUSED);
        }
    }

    /** Subtracts an interrupted waiter while the counter is above zero; false once it is zero. */
    private boolean dropWaiter() {
        for (;;) {
            long s = state;
            if ((int) (s >> 32) == 0) {
                return false;
            }
            if ((int) s == 0) {
                throw new IllegalStateException("sync: inconsistent WaitGroup state: a waiter left that was not counted");
            }
            if (STATE.compareAndSet(this, s, s - 1)) {
                return true;
            }
        }
    }

    /** {@return the counter, the waiters and the semaphore, racily read: for dumps and tests} */
    @Override
    public String toString() {
        long s = state;
        return "WaitGroup(counter=" + (int) (s >> 32) + ", waiters=" + (int) s + ", " + sema + ")";
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitGroupImpl.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
