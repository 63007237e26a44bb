package io.goroutines.impl.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A FIFO of sudogs waiting on one channel: Go's {@code waitq} with {@code enqueue},
 * {@code dequeue} and {@code dequeueSudoG} (runtime/chan.go, runtime/select.go).
 *
 * <p>Guarded by the owning channel's lock, except that {@link #isEmptyRacy()} reads
 * {@code first} without it, for the lock-free would-block checks of non-blocking
 * operations (Go's {@code full} and {@code empty} read {@code c.recvq.first} and
 * {@code c.sendq.first} atomically for the same purpose). Writes of {@code first} are
 * release stores so such a reader never sees a half-linked sudog.
 */
final class WaitQ {

    @SuppressWarnings("unused")
    private Sudog first;
    private Sudog last;

    /** Appends {@code sg}. Channel lock held. */
    void enqueue(Sudog sg) {
        sg.next = null;
        Sudog x = last;
        if (x == null) {
            sg.prev = null;
            soFirst(sg);
            last = sg;
            return;
        }
        sg.prev = x;
        x.next = sg;
        last = sg;
    }

    /**
     * Takes the first sudog that can be woken: a select's sudog only if this caller
     * wins its select ({@link SelectState#casDone()}); the others are dropped from the
     * queue, since their select was already won by another case and removes them
     * itself. Channel lock held.
     */
    Sudog dequeue() {
        for (;;) {
            Sudog sg = lpFirst();
            if (sg == null) {
                return null;
            }
            Sudog y = sg.next;
            if (y == null) {
                soFirst(null);
                last = null;
            } else {
                y.prev = null;
                soFirst(y);
                sg.next = null;
            }
            // A select's sudog stays queued in its other channels for a small window after
            // another case won; the select dequeues it under the locks. Skip it here.
            SelectState sel = sg.sel;
            if (sel != null && !sel.casDone()) {
                continue;
            }
            return sg;
        }
    }

    /** Removes {@code sg} if it is still queued here (select's pass 3). Channel lock held. */
    void dequeueSudoG(Sudog sg) {
        Sudog x = sg.prev;
        Sudog y = sg.next;
        if (x != null) {
            if (y != null) {
                x.next = y;
                y.prev = x;
                sg.next = null;
                sg.prev = null;
                return;
            }
            x.next = null;
            last = x;
            sg.prev = null;
            return;
        }
        if (y != null) {
            y.prev = null;
            soFirst(y);
            sg.next = null;
            return;
        }
        if (lpFirst() == sg) {
            soFirst(null);
            last = null;
        }
        // else: not queued here any more (a waker dequeued it)
    }

    /** Whether no sudog waits, read without the lock (may be stale). Any thread. */
    boolean isEmptyRacy() {
        return FIRST.getAcquire(this) == null;
    }

    private Sudog lpFirst() {
        return (Sudog) FIRST.get(this);
    }

    private void soFirst(Sudog sg) {
        FIRST.setRelease(this, sg);
    }

    private static final VarHandle FIRST;

    static {
        try {
            FIRST = MethodHandles.lookup().findVarHandle(WaitQ.class, "first", Sudog.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
