package io.goroutines.impl.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The two FIFOs of sudogs waiting on a channel: Go's {@code waitq} ({@code c.recvq},
 * {@code c.sendq}) with {@code enqueue}, {@code dequeue} and {@code dequeueSudoG}
 * (runtime/chan.go, runtime/select.go).
 *
 * <p>A queue is two fields of its {@link HChan} ({@code recvqFirst}/{@code recvqLast},
 * {@code sendqFirst}/{@code sendqLast}), not an object of its own: two queue objects
 * cost every channel 48 bytes, a third of it. These static methods name the queue
 * with {@link #RECV} or {@link #SEND}, a constant at every call site.
 *
 * <p>Guarded by the owning channel's lock, except that {@link #isEmptyRacy} reads
 * {@code first} without it, for the lock-free would-block checks of non-blocking
 * operations (Go's {@code full} and {@code empty} read {@code c.recvq.first} and
 * {@code c.sendq.first} atomically for the same purpose). Writes of {@code first} are
 * release stores so such a reader never sees a half-linked sudog.
 *
 * <p>The queue is linked forward through every sudog's {@code next}, and backward only
 * through the {@code prev} of select sudogs ({@link SelectSudog}): a plain sudog leaves
 * its queue only from the head, so nobody asks for its predecessor, and it saves the
 * field. A select sudog's {@code prev} is exact while it is queued: its predecessor
 * changes only when that one leaves, and both ways of leaving update it.
 */
final class WaitQ {

    /** The receivers' queue, Go's {@code c.recvq}. */
    static final boolean RECV = true;
    /** The senders' queue, Go's {@code c.sendq}. */
    static final boolean SEND = false;

    private WaitQ() {
    }

    /** Appends {@code sg} to queue {@code q} of {@code c}. Channel lock held. */
    static void enqueue(HChan<?> c, boolean q, Sudog sg) {
        sg.next = null;
        Sudog x = last(c, q);
        if (sg instanceof SelectSudog s) {
            s.prev = x;
        }
        if (x == null) {
            soFirst(c, q, sg);
        } else {
            x.next = sg;
        }
        setLast(c, q, sg);
    }

    /**
     * Takes the first sudog of queue {@code q} that can be woken: a select's sudog only
     * if this caller wins its select ({@link SelectState#casDone()}); the others are
     * dropped from the queue, since their select was already won by another case and
     * removes them itself. Channel lock held.
     */
    static Sudog dequeue(HChan<?> c, boolean q) {
        for (;;) {
            Sudog sg = lpFirst(c, q);
            if (sg == null) {
                return null;
            }
            Sudog y = sg.next;
            if (y == null) {
                soFirst(c, q, null);
                setLast(c, q, null);
            } else {
                if (y instanceof SelectSudog ys) {
                    ys.prev = null;
                }
                soFirst(c, q, y);
                sg.next = null;
            }
            // A select's sudog stays queued in its other channels for a small window after
            // another case won; the select dequeues it under the locks. Skip it here.
            if (sg instanceof SelectSudog s && !s.sel.casDone()) {
                continue;
            }
            return sg;
        }
    }

    /** Removes select sudog {@code sg} if it is still in queue {@code q} (select's pass 3). Channel lock held. */
    static void dequeueSudoG(HChan<?> c, boolean q, SelectSudog sg) {
        Sudog x = sg.prev;
        Sudog y = sg.next;
        if (x != null) {
            if (y != null) {
                x.next = y;
                if (y instanceof SelectSudog ys) {
                    ys.prev = x;
                }
                sg.next = null;
                sg.prev = null;
                return;
            }
            x.next = null;
            setLast(c, q, x);
            sg.prev = null;
            return;
        }
        if (y != null) {
            if (y instanceof SelectSudog ys) {
                ys.prev = null;
            }
            soFirst(c, q, y);
            sg.next = null;
            return;
        }
        if (lpFirst(c, q) == sg) {
            soFirst(c, q, null);
            setLast(c, q, null);
        }
        // else: not queued here any more (a waker dequeued it)
    }

    /**
     * Removes the plain sudog {@code sg} if it is still in queue {@code q}: the
     * withdrawal of an interrupted {@code ...Interruptibly} operation (ADR 0017). A plain
     * sudog keeps no {@code prev} link, so this walks from the head, on a path taken only
     * at an interrupt. The successor's {@code prev}, when it is a select's sudog, is kept
     * exact. Channel lock held.
     *
     * @return whether {@code sg} was queued (false: a waker already dequeued it)
     */
    static boolean remove(HChan<?> c, boolean q, PlainSudog sg) {
        Sudog x = null;
        for (Sudog s = lpFirst(c, q); s != null; x = s, s = s.next) {
            if (s != sg) {
                continue;
            }
            Sudog y = sg.next;
            if (x == null) {
                soFirst(c, q, y);
            } else {
                x.next = y;
            }
            if (y == null) {
                setLast(c, q, x);
            } else if (y instanceof SelectSudog ys) {
                ys.prev = x;
            }
            sg.next = null;
            return true;
        }
        return false;
    }

    /** Whether queue {@code q} looks empty; without the lock (see the class comment). */
    static boolean isEmptyRacy(HChan<?> c, boolean q) {
        return (q ? RECV_FIRST : SEND_FIRST).getAcquire(c) == null;
    }

    private static Sudog lpFirst(HChan<?> c, boolean q) {
        return q ? c.recvqFirst : c.sendqFirst;
    }

    private static void soFirst(HChan<?> c, boolean q, Sudog sg) {
        (q ? RECV_FIRST : SEND_FIRST).setRelease(c, sg);
    }

    private static Sudog last(HChan<?> c, boolean q) {
        return q ? c.recvqLast : c.sendqLast;
    }

    private static void setLast(HChan<?> c, boolean q, Sudog sg) {
        if (q) {
            c.recvqLast = sg;
        } else {
            c.sendqLast = sg;
        }
    }

    private static final VarHandle RECV_FIRST;
    private static final VarHandle SEND_FIRST;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RECV_FIRST = l.findVarHandle(HChan.class, "recvqFirst", Sudog.class);
            SEND_FIRST = l.findVarHandle(HChan.class, "sendqFirst", Sudog.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
