package io.goroutines.impl.chan;

import io.goroutines.impl.sched.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The sudog of a blocked send or receive (Go's sudog with {@code isSelect == false}).
 * Allocated when the operation must wait (Go's {@code acquireSudog}; no cache: a parked
 * goroutine holds exactly one, and a spare kept in every G would cost every goroutine
 * its bytes), and dropped after it. 32 bytes: it has no {@code prev} link, since it
 * leaves its queue from the head, except when an interrupt withdraws the sudog of an
 * interruptible operation ({@link WaitQ#remove}, which walks the queue instead).
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@code c}, {@code isSend}: set by the waiter before enqueueing; read-only
 *       after. {@code c} is the thread's park blocker, and tells the waiter whether a
 *       timer feeds the channel.</li>
 *   <li>{@code woken}: set once by the waker after the data is in place: Go's
 *       {@code gp.param = sg}. The waiter parks until it is set, which also absorbs
 *       {@code LockSupport.park}'s spurious returns.</li>
 * </ul>
 * The inherited fields are described at {@link Sudog}.
 */
final class PlainSudog extends Sudog implements Waiter {

    HChan<?> c;
    /** True for a send (Go's waitReasonChanSend), false for a receive. */
    final boolean isSend;
    @SuppressWarnings("unused")
    private volatile boolean woken;

    /** A sudog for the current thread's wait on {@code c}; {@code elem} is a sender's value. */
    PlainSudog(HChan<?> c, boolean isSend, Object elem) {
        this.thread = Thread.currentThread();
        this.c = c;
        this.isSend = isSend;
        this.elem = elem;
        // published with the sudog by the channel lock's release
    }

    @Override
    public WaitReason waitReason() {
        return isSend ? WaitReason.CHAN_SEND : WaitReason.CHAN_RECEIVE;
    }

    @Override
    public Object blocker() {
        return c;
    }

    @Override
    public boolean isWoken() {
        return woken;
    }

    /** The waker's signal, after the data is in place; Go's {@code gp.param = sg}. */
    @Override
    void signal() {
        WOKEN.setVolatile(this, true);
    }

    @Override
    void clear() {
        super.clear();
        c = null;
    }

    private static final VarHandle WOKEN;

    static {
        try {
            WOKEN = MethodHandles.lookup().findVarHandle(PlainSudog.class, "woken", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
