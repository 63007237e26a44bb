package io.goroutines.impl.chan;

import io.goroutines.impl.sched.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The word that the wakers of one blocked select race for: Go's
 * {@code g.selectDone}, plus Go's {@code gp.param} (the winning sudog).
 *
 * <p>A select enqueues one sudog per case, all pointing here. A waker that dequeues one
 * of them, under that channel's lock, must first win {@link #casDone()}; losers skip the
 * sudog as if it were not queued (the select will remove it itself in its pass 3). The
 * winner, after unlocking, publishes its sudog in {@link #winner} (volatile: it also
 * publishes the sudog's elem and success) and unparks the select's thread, which parks
 * until {@code winner} is set. Owned by one {@link SelectImpl}; reset before each wait,
 * when no sudog of the previous wait is in any queue.
 */
final class SelectState implements Waiter {

    @Override
    public WaitReason waitReason() {
        return WaitReason.SELECT;
    }

    @Override
    public Object blocker() {
        return this;
    }

    @SuppressWarnings("unused")
    private volatile int done;
    @SuppressWarnings("unused")
    private volatile SelectSudog winner;

    /** Claims the select for one waker; true for exactly one caller per wait. */
    boolean casDone() {
        return DONE.compareAndSet(this, 0, 1);
    }

    SelectSudog lvWinner() {
        return winner;
    }

    @Override
    public boolean isWoken() {
        return winner != null;
    }

    void soWinner(SelectSudog sg) {
        WINNER.setVolatile(this, sg);
    }

    /** Before a new wait; the owner only, while none of its sudogs is queued. */
    void reset() {
        WINNER.setOpaque(this, null);
        DONE.setVolatile(this, 0);
    }

    private static final VarHandle DONE;
    private static final VarHandle WINNER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DONE = l.findVarHandle(SelectState.class, "done", int.class);
            WINNER = l.findVarHandle(SelectState.class, "winner", SelectSudog.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
