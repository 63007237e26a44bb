package io.goroutines.impl.context;

import io.goroutines.context.Context;
import io.goroutines.impl.time.TimeImpl;
import io.goroutines.spi.Durations;
import io.goroutines.time.Timer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A context with a deadline: Go's {@code timerCtx} (context/context.go
 * {@code WithDeadlineCause}): a {@link CancelCtx} plus a runtime timer
 * ({@code time.AfterFunc}) that cancels it with {@code DEADLINE_EXCEEDED}.
 *
 * <h2>The timer field</h2>
 * Go guards {@code timer} with the context's mutex. Here it is a volatile reference
 * that {@link #cancel} swaps to null and stops: whichever of the arming thread and a
 * canceler comes second sees the other's write (the arming thread re-checks
 * {@code err()} after publishing the timer), so a canceled context never keeps a live
 * timer, and a timer that fires after a cancel finds the context canceled and does
 * nothing.
 */
final class TimerCtx extends CancelCtx {

    private final Instant deadline;
    @SuppressWarnings("unused")
    private volatile Timer timer;

    private TimerCtx(Context parent, Instant deadline) {
        super(parent);
        this.deadline = deadline;
    }

    /**
     * Go's {@code WithDeadlineCause} ({@code WithDeadline} passes a null cause): see
     * {@link Contexts#withDeadlineCause}. The timer cancels with {@code DEADLINE_EXCEEDED}
     * and {@code cause} (null: the error itself, as {@link CancelCtx#cancel} fills in);
     * the returned context's own {@code cancel()} passes no cause, as Go's cancel
     * function does not.
     */
    static CancelCtx withDeadline(Context parent, Instant d, Throwable cause) {
        Optional<Instant> cur = parent.deadline();
        if (cur.isPresent() && cur.get().isBefore(d)) {
            // The current deadline is already sooner than the new one.
            CancelCtx c = new CancelCtx(parent);
            c.propagateCancel();
            return c;
        }
        TimerCtx c = new TimerCtx(parent, d);
        c.propagateCancel();
        long dur = Durations.nanos(Duration.between(Instant.now(), d));
        if (dur <= 0) {
            c.cancel(true, Context.DEADLINE_EXCEEDED, cause); // the deadline has already passed
            return c;
        }
        if (c.err() == null) {
            c.timer = TimeImpl.get().afterFunc(dur, () -> c.cancel(true, Context.DEADLINE_EXCEEDED, cause));
            if (c.err() != null) {
                c.stopTimer(); // canceled while we armed it
            }
        }
        return c;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.of(deadline);
    }

    /** Go's {@code timerCtx.cancel}: cancels as a cancelCtx, detaches, stops the timer. */
    @Override
    public void cancel(boolean removeFromParent, Exception err, Throwable cause) {
        super.cancel(false, err, cause);
        if (removeFromParent) {
            // Remove this timerCtx from its parent cancelCtx's children.
            Contexts.removeChild(parent, this);
        }
        stopTimer();
    }

    private void stopTimer() {
        Timer t = (Timer) TIMER.getAndSet(this, null);
        if (t != null) {
            t.stop();
        }
    }

    @Override
    public String toString() {
        return parent + ".WithDeadline(" + deadline + " [" + Duration.between(Instant.now(), deadline) + "])";
    }

    private static final VarHandle TIMER;

    static {
        try {
            TIMER = MethodHandles.lookup().findVarHandle(TimerCtx.class, "timer", Timer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
