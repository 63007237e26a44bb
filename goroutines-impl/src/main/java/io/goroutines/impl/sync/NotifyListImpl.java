package io.goroutines.impl.sync;

import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.SpinLock;
import io.goroutines.impl.sched.WaitReason;
import io.goroutines.spi.SyncSpi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code notifyList} (runtime/sema.go: {@code notifyListAdd},
 * {@code notifyListWait}, {@code notifyListNotifyOne}, {@code notifyListNotifyAll}):
 * the runtime half of {@code sync.Cond}.
 *
 * <h2>Implementation overview</h2>
 * Waiting is split in two so that no notification is lost between the waiter's
 * unlock of the Cond's lock and its park. While it still holds that lock, a waiter
 * takes a ticket, the next value of {@code wait} ({@link #add()}). Then it unlocks and
 * calls {@link #await(int)}: if {@code notify} has already passed its ticket, it was
 * notified in between and returns at once; otherwise it queues a {@link SemaWaiter}
 * carrying the ticket and parks (wait reason {@code sync.Cond.Wait}). {@link #signal()}
 * advances {@code notify} by one and readies the waiter holding the ticket it passed,
 * if that waiter is queued yet (one that is not will find its ticket passed and not
 * park). {@link #broadcast()} sets {@code notify} to {@code wait} and readies the whole
 * queue. Tickets are ints that may wrap; they are compared by the sign of their
 * difference (Go's {@code less}), which is right while fewer than 2^31 waiters hold a
 * ticket at once.
 *
 * <h2>Locks and racy fields</h2>
 * {@code lock} (a {@link SpinLock} word; its holders never block) guards the queue, the
 * waiters' {@code next} and {@code withdrawn}, and every write of {@code notify}.
 * {@code wait} is only ever incremented atomically, outside the lock. This list takes
 * no other lock: the Cond's own lock is released before {@link #await} and not taken by
 * {@code signal} or {@code broadcast}, so there is no lock order to keep.
 * <ul>
 *   <li>{@code signal} and {@code broadcast} first compare {@code wait} and
 *       {@code notify} without the lock (Go's fast path): equal means no ticket was
 *       taken since the last notification, so there is nobody to wake. A ticket taken
 *       concurrently is not missed in a way that matters: its holder had not started
 *       waiting when the notifier looked, exactly as if the notification came first.
 *       Both are read again under the lock before anything is written.</li>
 *   <li>A waiter reads {@code notify} under the lock, so the decision to park and a
 *       notifier's advance of {@code notify} are ordered; a queued waiter's
 *       {@code woken} is written by the notifier after it dequeued the waiter (after
 *       releasing the lock) and read by the waiter in its park loop: that volatile
 *       pair is the happens-before from {@code signal} to the return of the
 *       {@code await} it ends (Go's memory-model rule for Cond).</li>
 *   <li>While a waiter is queued its ticket has not been notified; the notifier that
 *       dequeues it advances {@code notify} past the ticket in the same hold of the
 *       lock. So, under the lock, "still queued" is "ticket not passed".</li>
 * </ul>
 *
 * <h2>Interruptible wait (ADR 0017)</h2>
 * Go's Wait has no way out. {@link #awaitInterruptibly} gives its ticket up when
 * interrupted before it is notified: under the lock it marks its waiter
 * {@code withdrawn} and leaves it queued; {@link #abandon} queues a withdrawn waiter for
 * a ticket whose holder never waits (the Cond's unlock panicked). A {@code signal} that reaches a withdrawn
 * waiter's ticket drops the waiter and moves on to the next ticket, so a notification
 * is never spent on a waiter that left (Java's {@code Condition} rule: a signal is not
 * lost to an interrupted waiter). {@code broadcast} drops withdrawn waiters with the
 * rest. A withdrawn waiter stays queued, holding its thread, until the next
 * notification reaches it.
 */
final class NotifyListImpl implements SyncSpi.NotifyList {

    /** Go's {@code wait}: the ticket of the next waiter. Incremented atomically, outside the lock. */
    @SuppressWarnings("unused")
    private volatile int wait;
    /** Go's {@code notify}: the next ticket to notify. Written under the lock, read racily. */
    @SuppressWarnings("unused")
    private volatile int notify;
    @SuppressWarnings("unused")
    private volatile int lock;
    /** The parked waiters, in the order they queued (near ticket order). Guarded by {@code lock}. */
    private SemaWaiter head;
    private SemaWaiter tail;

    /** Go's {@code less}: a before b, allowing for wrap-around. */
    private static boolean less(int a, int b) {
        return a - b < 0;
    }

    @Override
    public int add() {
        return (int) WAIT.getAndAdd(this, 1);
    }

    @Override
    public void await(int ticket) {
        await(ticket, false);
    }

    @Override
    public void awaitInterruptibly(int ticket) throws InterruptedException {
        if (!await(ticket, true)) {
            throw new InterruptedException();
        }
    }

    /**
     * Go's {@code notifyListWait}: true once {@code ticket} is notified (an interrupt that
     * came meanwhile set again); false when {@code interruptible} and interrupted first,
     * the ticket given up ({@link #withdraw}) and the interrupt status cleared.
     */
    private boolean await(int ticket, boolean interruptible) {
        SemaWaiter w = enqueue(ticket);
        if (w == null) {
            return true;
        }
        Sched sched = Sched.get();
        boolean interrupted = false;
        while (!w.woken) {
            sched.park(WaitReason.SYNC_COND_WAIT, this);
            if (Thread.interrupted() && !interrupted) {
                if (interruptible && withdraw(w)) {
                    return false;
                }
                // Go has no interrupts (or the ticket was notified first, and its ready()
                // is under way): keep waiting, set the status again at the end.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * The first half of Go's {@code notifyListWait}: null if {@code ticket} was already
     * notified, else the waiter queued for it.
     */
    private SemaWaiter enqueue(int ticket) {
        SemaWaiter w = new SemaWaiter(Thread.currentThread());
        w.ticket = ticket;
        lock();
        if (less(ticket, notify)) {
            unlock();
            return null;
        }
        append(w);
        unlock();
        return w;
    }

    @Override
    public void abandon(int ticket) {
        // A waiter that gave its ticket up before queueing: queued already withdrawn, so
        // that a signal reaching the ticket passes it on (see the class comment).
        SemaWaiter w = new SemaWaiter(Thread.currentThread());
        w.ticket = ticket;
        w.withdrawn = true;
        lock();
        if (!less(ticket, notify)) {
            append(w);
        }
        unlock();
    }

    /** Queues {@code w} at the tail; under the lock. */
    private void append(SemaWaiter w) {
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
    }

    /** Gives up {@code w}'s ticket if it was not notified yet (see the class comment); true if it was given up. */
    private boolean withdraw(SemaWaiter w) {
        lock();
        boolean stillQueued = !less(w.ticket, notify);
        if (stillQueued) {
            w.withdrawn = true;
        }
        unlock();
        return stillQueued;
    }

    @Override
    public void signal() {
        if (wait == notify) {
            return; // no ticket taken since the last notification
        }
        SemaWaiter found = null;
        lock();
        for (;;) {
            int t = notify;
            if (t == wait) {
                break;
            }
            NOTIFY.setVolatile(this, t + 1);
            found = dequeue(t);
            if (found == null || !found.withdrawn) {
                break; // the ticket's holder is woken, or has yet to queue and will not park
            }
            found = null; // its holder left: the notification goes to the next ticket
        }
        unlock();
        if (found != null) {
            found.ready();
        }
    }

    /** Takes the waiter holding {@code ticket} out of the queue; null if it has not queued. */
    private SemaWaiter dequeue(int ticket) {
        // Linear, but the waiter sought is at or near the head: waiters queue in about
        // the order they took tickets (Go's argument in notifyListNotifyOne).
        for (SemaWaiter p = null, s = head; s != null; p = s, s = s.next) {
            if (s.ticket == ticket) {
                SemaWaiter n = s.next;
                if (p == null) {
                    head = n;
                } else {
                    p.next = n;
                }
                if (n == null) {
                    tail = p;
                }
                s.next = null;
                return s;
            }
        }
        return null;
    }

    @Override
    public void broadcast() {
        if (wait == notify) {
            return;
        }
        lock();
        SemaWaiter s = head;
        head = null;
        tail = null;
        // Every ticket up to wait is notified: the holders are queued, or will see it
        // passed when they try to queue.
        NOTIFY.setVolatile(this, wait);
        unlock();
        while (s != null) {
            SemaWaiter next = s.next;
            s.next = null;
            if (!s.withdrawn) { // read after the unlock: set under the lock before it, never after dequeue
                s.ready();
            }
            s = next;
        }
    }

    private void lock() {
        SpinLock.lock(LOCK, this);
    }

    private void unlock() {
        SpinLock.unlock(LOCK, this);
    }

    /** {@return the tickets, racily read: for dumps and tests} */
    @Override
    public String toString() {
        return "notifyList(wait=" + wait + ", notify=" + notify + ")";
    }

    private static final VarHandle WAIT;
    private static final VarHandle NOTIFY;
    private static final VarHandle LOCK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAIT = l.findVarHandle(NotifyListImpl.class, "wait", int.class);
            NOTIFY = l.findVarHandle(NotifyListImpl.class, "notify", int.class);
            LOCK = l.findVarHandle(NotifyListImpl.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
