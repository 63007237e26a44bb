package io.goroutines.impl.sync;

import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.SpinLock;
import io.goroutines.impl.sched.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A runtime semaphore: Go's {@code semacquire1}/{@code semrelease1} and one
 * {@code semaRoot} (runtime/sema.go). Go keys its wait queues by the address of the
 * {@code uint32} in the sync object, in a table of 251 treaps; here each sync object
 * owns its semaphore, and the semaphore owns its queue.
 *
 * <h2>Implementation overview</h2>
 * {@code count} is the semaphore's value; {@link #acquire} takes one without blocking
 * when it is positive ({@code cansemacquire}). Otherwise the goroutine counts itself
 * in {@code nwait}, re-checks (so a release that incremented the count meanwhile is
 * not missed), queues a {@link SemaWaiter} (at the tail, or at the head for
 * {@code lifo}: a mutex waiter that was already woken once) and parks. A release
 * increments the count and, only when {@code nwait > 0}, dequeues the first waiter and
 * readies it. With {@code handoff} (a starving mutex) the releaser takes the count for
 * the waiter ({@code ticket = 1}), so no newcomer can steal it, and yields so that the
 * waiter, readied into this P's {@code runnext}, runs at once.
 *
 * <h2>Locks and racy fields</h2>
 * {@code lock} (a {@link SpinLock} word; no holder blocks) guards the queue. {@code count}
 * and {@code nwait} are atomics read without it: a release reads {@code nwait} after
 * its increment of {@code count}, and an acquirer increments {@code nwait} before its
 * last look at {@code count}, both under the total order of volatile accesses, so
 * either the releaser sees the waiter or the waiter sees the count (Go's argument in
 * semrelease1). A waiter's {@code ticket} is written before its {@code woken} (a
 * volatile write) and read after it.
 */
final class Sema {

    @SuppressWarnings("unused")
    private volatile int count;
    @SuppressWarnings("unused")
    private volatile int nwait;
    @SuppressWarnings("unused")
    private volatile int lock;
    /** The queue, guarded by {@code lock}. */
    private SemaWaiter head;
    private SemaWaiter tail;

    /** Go's {@code cansemacquire}: takes one from the count if it is positive. */
    boolean tryAcquire() {
        for (;;) {
            int v = count;
            if (v == 0) {
                return false;
            }
            if (COUNT.compareAndSet(this, v, v - 1)) {
                return true;
            }
        }
    }

    /**
     * Go's {@code semacquire1}: waits until the count is positive and takes one.
     * {@code lifo} queues at the head. {@code reason} is shown in dumps. Not
     * interruptible, like Go's: an interrupt is set again on return.
     */
    void acquire(boolean lifo, WaitReason reason) {
        acquire(lifo, reason, false);
    }

    /**
     * {@link #acquire(boolean, WaitReason)} that an interrupt ends (ADR 0017). Returns
     * true with the count taken (the interrupt status set again if an interrupt came
     * after a releaser had dequeued this waiter: its wake was already under way), or
     * false with nothing taken and nothing left behind: the waiter is out of the queue,
     * {@code nwait} no longer counts it, and the interrupt status is cleared. The
     * caller then undoes its own bookkeeping and throws {@link InterruptedException}.
     */
    boolean acquireInterruptibly(boolean lifo, WaitReason reason) {
        return acquire(lifo, reason, true);
    }

    private boolean acquire(boolean lifo, WaitReason reason, boolean interruptible) {
        Sched.get().safePoint();
        if (tryAcquire()) {
            return true;
        }
        Sched sched = Sched.get();
        SemaWaiter w = new SemaWaiter(Thread.currentThread());
        boolean interrupted = false;
        for (;;) {
            lock();
            NWAIT.getAndAdd(this, 1); // disables the releaser's easy case
            if (tryAcquire()) {       // re-check: no missed wakeup
                NWAIT.getAndAdd(this, -1);
                unlock();
                break;
            }
            if (interruptible && interrupted) {
                // Woken without the count (another took it) after an interrupt: leave
                // rather than queue again.
                NWAIT.getAndAdd(this, -1);
                unlock();
                return false;
            }
            enqueue(w, lifo);
            unlock();
            while (!w.woken) {
                sched.park(reason, this);
                if (Thread.interrupted()) {
                    if (interruptible && !w.woken && remove(w)) {
                        return false;
                    }
                    interrupted = true; // not interruptible, or a releaser dequeued us first
                }
            }
            if (w.ticket != 0 || tryAcquire()) {
                break;
            }
            w.woken = false; // another took the count first: queue again
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * Go's {@code semrelease1}: adds one to the count and readies the first waiter, if
     * any. {@code handoff}: give the count to that waiter directly and yield to it.
     */
    void release(boolean handoff) {
        COUNT.getAndAdd(this, 1);
        if (nwait == 0) {
            return; // easy case: nobody waits (read after the increment)
        }
        lock();
        if (nwait == 0) {
            unlock(); // the count was already consumed by a newcomer
            return;
        }
        SemaWaiter w = dequeue();
        if (w != null) {
            NWAIT.getAndAdd(this, -1);
        }
        unlock();
        if (w == null) {
            return;
        }
        if (handoff && tryAcquire()) {
            w.ticket = 1;
        }
        w.ready();
        if (w.ticket == 1) {
            // Direct G handoff: the waiter is in our P's runnext; let it run now (Go: goyield).
            Sched.get().gosched();
        }
    }

    /**
     * Takes {@code w} out of the queue if it is still there, and out of {@code nwait}:
     * an interrupted {@link #acquireInterruptibly}. A releaser dequeues under the same
     * lock, so false means one did, and its {@code ready} follows.
     */
    private boolean remove(SemaWaiter w) {
        lock();
        SemaWaiter prev = null;
        for (SemaWaiter x = head; x != null; prev = x, x = x.next) {
            if (x != w) {
                continue;
            }
            if (prev == null) {
                head = w.next;
            } else {
                prev.next = w.next;
            }
            if (tail == w) {
                tail = prev;
            }
            w.next = null;
            NWAIT.getAndAdd(this, -1);
            unlock();
            return true;
        }
        unlock();
        return false;
    }

    private void enqueue(SemaWaiter w, boolean lifo) {
        w.next = null;
        if (head == null) {
            head = tail = w;
        } else if (lifo) {
            w.next = head;
            head = w;
        } else {
            tail.next = w;
            tail = w;
        }
    }

    private SemaWaiter dequeue() {
        SemaWaiter w = head;
        if (w != null) {
            head = w.next;
            if (head == null) {
                tail = null;
            }
            w.next = null;
        }
        return w;
    }

    private void lock() {
        SpinLock.lock(LOCK, this);
    }

    private void unlock() {
        SpinLock.unlock(LOCK, this);
    }

    /** {@return the count and the waiters, racily read: for dumps and tests} */
    @Override
    public String toString() {
        return "sema(count=" + count + ", nwait=" + nwait + ")";
    }

    private static final VarHandle COUNT;
    private static final VarHandle NWAIT;
    private static final VarHandle LOCK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COUNT = l.findVarHandle(Sema.class, "count", int.class);
            NWAIT = l.findVarHandle(Sema.class, "nwait", int.class);
            LOCK = l.findVarHandle(Sema.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
