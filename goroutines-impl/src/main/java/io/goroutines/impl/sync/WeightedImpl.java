package io.goroutines.impl.sync;

import io.goroutines.Panic;
import io.goroutines.RecvChan;
import io.goroutines.context.Context;
import io.goroutines.impl.chan.HChan;
import io.goroutines.impl.chan.SelectImpl;
import io.goroutines.impl.context.Contexts;
import io.goroutines.impl.panic.PanicMessages;
import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.SpinLock;
import io.goroutines.impl.sched.WaitReason;
import io.goroutines.impl.sched.WakeSignal;
import io.goroutines.spi.SyncSpi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Go's {@code golang.org/x/sync/semaphore.Weighted} (semaphore/semaphore.go:
 * {@code Acquire}, {@code TryAcquire}, {@code Release}, {@code notifyWaiters}), with a
 * lock-free path for the calls that neither wait nor wake anyone.
 *
 * <h2>Implementation overview</h2>
 * The semaphore has a {@code size} and holds {@code cur} of it. Waiters queue FIFO, each
 * for its own weight; a release grants weight to waiters from the front of the queue and
 * stops at the first one that does not fit, so a large waiter at the front holds back
 * smaller ones behind it (x/sync's rule: under load, a request of the full size would
 * otherwise starve). Acquire and TryAcquire take weight directly only while nobody waits,
 * which keeps that order. A request larger than the size never fits: it waits for its
 * context alone, queueing nowhere, so it blocks nobody (x/sync does the same).
 *
 * <p>A waiter whose context is done leaves the queue; if it was at the front and weight
 * is free, it runs the grant loop for those behind it, who may fit now (x/sync's
 * {@code notifyWaiters} after a cancel). One granted just as its context was done gives
 * the weight back and fails, and one granted whose context turns out done when it looks
 * again releases and fails: as x/sync, a context done before the weight was available
 * wins.
 *
 * <h2>State, lock and racy reads</h2>
 * {@code state} is {@code cur}, with the sign bit ({@link #WAITERS}) set exactly while the
 * queue is not empty. {@code lock} (a {@link SpinLock} word; its holders never block)
 * guards the queue and the waiters' links and {@code granted}; the bit changes only under
 * it. Every update of {@code state} is a CAS or is made under the lock while the bit is
 * set:
 * <ul>
 *   <li>With the bit clear (nobody waits), {@code acquire}, {@code tryAcquire} and
 *       {@code release} change {@code cur} by CAS without the lock: that is the whole
 *       of an uncontended call. A caller that must queue sets the bit by CAS under the
 *       lock, so a concurrent lock-free update either lands before (and the queueing
 *       caller sees it) or fails and is retried.</li>
 *   <li>With the bit set, the lock-free paths do not apply; they take the lock. A holder
 *       of the lock is then the only writer of {@code state} and may write it plainly
 *       (a stale lock-free CAS cannot match a value that has the bit, and matches one
 *       without it only when that value is really current).</li>
 * </ul>
 * Waiters are woken after the lock is released. A waiter whose context can be done
 * waits in a select on the context's done channel and its own {@code ready} channel,
 * which the grant closes (x/sync's shape); one whose context is never done parks and
 * is unparked. Either way the grant's write of {@code granted} (volatile) before the
 * wake-up is what the waiter reads: a release happens before the acquire it completes.
 * Goroutines waiting show as {@code select} in dumps, as x/sync's do.
 *
 * <h2>Misuse</h2>
 * A release of more than is held throws {@code Panic("semaphore: released more than
 * held")} and, unlike x/sync (whose count is left negative), changes nothing.
 */
final class WeightedImpl implements SyncSpi.WeightedOps {

    /** Set in {@code state} while waiters are queued. */
    private static final long WAITERS = Long.MIN_VALUE;

    private final long size;
    @SuppressWarnings("unused")
    private volatile long state;
    @SuppressWarnings("unused")
    private volatile int lock;
    /** The queue, FIFO; guarded by {@code lock}. */
    private Waiter head;
    private Waiter tail;

    /** A queued acquire (x/sync's {@code waiter}). */
    private static final class Waiter implements WakeSignal {
        final long n;
        final Thread thread;
        /** Closed by the grant when the waiter selects on its context too; null when it parks. */
        final HChan<Void> ready;
        /** Queue links, guarded by the lock. */
        Waiter prev;
        Waiter next;
        /** Set under the lock by the grant, before the wake-up; read by the waiter after it. */
        volatile boolean granted;

        Waiter(long n, boolean select) {
            this.n = n;
            this.thread = Thread.currentThread();
            this.ready = select ? new HChan<>(0) : null;
        }

        @Override
        public boolean isWoken() {
            return granted;
        }

        void wake() {
            if (ready != null) {
                ready.close();
            } else {
                LockSupport.unpark(thread);
            }
        }
    }

    WeightedImpl(long size) {
        this.size = size;
    }

    @Override
    public void acquire(Context ctx, long n) throws Exception {
        Sched.get().safePoint();
        RecvChan<Void> done = ctx.done();
        // The common case in few bytecodes, so that it inlines into the caller's loop: a
        // context that is never done, and the weight free with nobody waiting.
        if (!Contexts.neverDone(done) || !tryAcquire(n)) {
            acquireSlow(ctx, done, n);
        }
    }

    /** The rest of x/sync's {@code Acquire}: the done check, a wait in the queue, or for the context alone. */
    private void acquireSlow(Context ctx, RecvChan<Void> done, long n) throws Exception {
        boolean neverDone = Contexts.neverDone(done);
        if (!neverDone && isClosed(done)) {
            throw errOf(ctx); // done before the call: fail even if the weight is free (x/sync)
        }
        if (tryAcquire(n)) {
            return;
        }
        if (n > size) {
            done.recv(); // can never fit: wait for the context alone, holding up nobody
            throw errOf(ctx);
        }
        Waiter w = queueOrAcquire(n, !neverDone);
        if (w == null) {
            return; // weight freed meanwhile, and nobody was queued
        }
        if (neverDone) {
            awaitGrant(w);
            return;
        }
        if (!selectGrantOrDone(w, ctx, done)) {
            cancel(w);
            throw errOf(ctx);
        }
        if (isClosed(done)) {
            release(n); // granted, but the context is done too: the context wins (x/sync)
            throw errOf(ctx);
        }
    }

    @Override
    public boolean tryAcquire(long n) {
        for (;;) {
            long s = state;
            if (s < 0 || size - s < n) {
                return false; // waiters queued (they come first), or no room
            }
            if (STATE.compareAndSet(this, s, s + n)) {
                return true;
            }
        }
    }

    @Override
    public void release(long n) {
        long s = state;
        // The common case inline: nobody waits, and the weight was held.
        if (s < 0 || s - n < 0 || !STATE.compareAndSet(this, s, s - n)) {
            releaseSlow(n);
        }
    }

    /** {@link #release} from a fresh look at the state: the lock-free CAS loop, or the grant loop under the lock. */
    private void releaseSlow(long n) {
        for (;;) {
            long s = state;
            if (s >= 0) {
                if (s - n < 0) {
                    throw releasedMoreThanHeld();
                }
                if (STATE.compareAndSet(this, s, s - n)) {
                    return; // nobody waits: nothing to grant
                }
                continue;
            }
            lock();
            s = state;
            if (s >= 0) {
                unlock(); // the queue emptied meanwhile: the lock-free path again
                continue;
            }
            long cur = (s & ~WAITERS) - n;
            if (cur < 0) {
                unlock();
                throw releasedMoreThanHeld();
            }
            Waiter granted = grant(cur);
            unlock();
            wakeAll(granted);
            return;
        }
    }

    /**
     * Under the lock, from a state with no waiters: takes {@code n} if it fits (null),
     * else sets {@link #WAITERS} and queues a new waiter at the tail (returned).
     */
    private Waiter queueOrAcquire(long n, boolean select) {
        Waiter w = new Waiter(n, select);
        lock();
        for (;;) {
            long s = state;
            if (s >= 0) {
                if (size - s >= n) {
                    if (STATE.compareAndSet(this, s, s + n)) {
                        unlock();
                        return null;
                    }
                    continue;
                }
                if (!STATE.compareAndSet(this, s, s | WAITERS)) {
                    continue;
                }
            }
            break;
        }
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        unlock();
        return w;
    }

    /**
     * x/sync's {@code notifyWaiters}, under the lock with {@link #WAITERS} set and
     * {@code cur} the weight held: grants weight to waiters from the front while the
     * next one fits, publishes the new state, and returns the granted waiters (linked
     * by {@code next}) for {@link #wakeAll} to wake once the lock is released.
     */
    private Waiter grant(long cur) {
        Waiter first = null;
        Waiter last = null;
        Waiter w;
        while ((w = head) != null && size - cur >= w.n) {
            // A waiter that does not fit stops the loop, even if one behind it would:
            // otherwise a large request could starve under a stream of small ones.
            cur += w.n;
            unlink(w);
            w.granted = true;
            if (last == null) {
                first = w;
            } else {
                last.next = w;
            }
            last = w;
        }
        state = head == null ? cur : cur | WAITERS;
        return first;
    }

    private static void wakeAll(Waiter w) {
        while (w != null) {
            Waiter next = w.next;
            w.next = null;
            w.wake();
            w = next;
        }
    }

    private void unlink(Waiter w) {
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
    }

    /** Parks until granted: a waiter whose context is never done. Interrupts are kept for the end (Go has none). */
    private void awaitGrant(Waiter w) {
        Sched.parkUntilWoken(w, WaitReason.SELECT, this, false);
    }

    /**
     * x/sync's {@code select { case <-done: ... case <-ready: ... }}: true when granted,
     * false when the context was done first. A done channel of a foreign type, which a
     * select cannot take, is bridged to a channel of ours by {@code afterFunc}, which
     * watches such a context from a goroutine.
     */
    private boolean selectGrantOrDone(Waiter w, Context ctx, RecvChan<Void> done) {
        RecvChan<Void> doneCase = done;
        BooleanSupplier stop = null;
        if (!(done instanceof HChan<?>)) {
            HChan<Void> bridge = new HChan<>(0);
            stop = Context.afterFunc(ctx, bridge::close);
            doneCase = bridge;
        }
        try {
            SelectImpl select = new SelectImpl();
            select.addRecv(doneCase);
            select.addRecv(w.ready);
            return select.run() == 1;
        } finally {
            if (stop != null) {
                stop.getAsBoolean();
            }
        }
    }

    /**
     * The context was done while {@code w} waited: leaves the queue, and if {@code w} was
     * first and weight is free, grants to those behind it; if a grant reached {@code w}
     * first, gives its weight back instead (x/sync: "pretend we didn't").
     */
    private void cancel(Waiter w) {
        lock();
        if (w.granted) {
            unlock();
            release(w.n);
            return;
        }
        boolean front = head == w;
        unlink(w);
        long cur = state & ~WAITERS; // the bit is set: w was queued, so nobody else writes state
        Waiter granted = null;
        if (front && size > cur) {
            granted = grant(cur);
        } else {
            state = head == null ? cur : cur | WAITERS;
        }
        unlock();
        wakeAll(granted);
    }

    private static boolean isClosed(RecvChan<Void> done) {
        return done.tryRecv() != null; // nothing is ever sent on a done channel: a value means closed
    }

    /** {@code ctx.err()}, that instance; a done context must have one. */
    private static Exception errOf(Context ctx) {
        Exception err = ctx.err();
        if (err == null) {
            throw new IllegalStateException("semaphore: the context's done() channel is closed but its err() is null: "
                    + "a Context implementation must return an error once done() is closed (" + ctx + ")");
        }
        return err;
    }

    private static Panic releasedMoreThanHeld() {
        return new Panic(PanicMessages.SEMAPHORE_RELEASED_MORE_THAN_HELD);
    }

    private void lock() {
        SpinLock.lock(LOCK, this);
    }

    private void unlock() {
        SpinLock.unlock(LOCK, this);
    }

    /** {@return the size, the weight held and whether waiters are queued, racily read: for dumps and tests} */
    @Override
    public String toString() {
        long s = state;
        return "Semaphore(size=" + size + ", cur=" + (s & ~WAITERS) + (s < 0 ? ", waiters" : "") + ")";
    }

    private static final VarHandle STATE;
    private static final VarHandle LOCK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(WeightedImpl.class, "state", long.class);
            LOCK = l.findVarHandle(WeightedImpl.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
