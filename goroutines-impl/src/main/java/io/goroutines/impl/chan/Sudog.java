package io.goroutines.impl.chan;

import io.goroutines.impl.sched.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One waiter on one channel: Go's {@code sudog} (runtime/runtime2.go).
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@code next}, {@code prev}: links in the channel's {@link WaitQ}, guarded by that
 *       channel's lock.</li>
 *   <li>{@code elem}, {@code success}: written by the waiter before it enqueues the sudog
 *       (a sender's value), then by the one waker that dequeued it, under the channel
 *       lock; read by the waiter after it sees {@link #woken} (plain op) or
 *       {@link SelectState#winner} (select), whose volatile write publishes them.</li>
 *   <li>{@code thread}, {@code c}, {@code sel} (null: not a select): set
 *       by the waiter before enqueueing; read-only while enqueued.</li>
 *   <li>{@code woken}: for a plain send or receive, set once by the waker after the data
 *       is in place: Go's {@code gp.param = sg}. The waiter parks until it is set, which
 *       also absorbs {@code LockSupport.park}'s spurious returns.</li>
 * </ul>
 * A plain operation allocates its sudog when it blocks (Go's {@code acquireSudog}; no
 * cache: a parked goroutine holds exactly one, and a G field holding a spare would cost
 * every goroutine its bytes); a select's sudogs belong to its {@link SelectImpl} and are
 * reused only after they left every queue: the waker dequeued them, or the waiter itself
 * did under the lock.
 */
final class Sudog extends Waiter {

    Thread thread;
    Object elem;
    boolean success;
    /** A plain operation's wait: true for a send (Go's waitReasonChanSend), false for a receive. */
    boolean isSend;
    /** The select this sudog belongs to, or null for a plain send or receive (Go's {@code isSelect}). */
    SelectState sel;
    HChan<?> c;
    Sudog next;
    Sudog prev;
    @SuppressWarnings("unused")
    private volatile boolean woken;

    /** Prepares this sudog for one wait of the current thread. The waiter only. */
    void prepare(HChan<?> c, Object elem) {
        this.thread = Thread.currentThread();
        this.c = c;
        this.elem = elem;
        this.success = false;
        this.next = null;
        this.prev = null;
        WOKEN.setOpaque(this, false); // published by the channel lock's release
    }

    @Override
    WaitReason waitReason() {
        return isSend ? WaitReason.CHAN_SEND : WaitReason.CHAN_RECEIVE;
    }

    @Override
    Object blocker() {
        return c;
    }

    @Override
    boolean isWoken() {
        return woken;
    }

    /** The waker's signal, after the data is in place; Go's {@code gp.param = sg}. */
    void soWoken() {
        WOKEN.setVolatile(this, true);
    }

    /** Forgets references once the wait is over, so a cached sudog pins nothing. */
    void clear() {
        thread = null;
        elem = null;
        c = null;
        sel = null;
    }

    private static final VarHandle WOKEN;

    static {
        try {
            WOKEN = MethodHandles.lookup().findVarHandle(Sudog.class, "woken", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
