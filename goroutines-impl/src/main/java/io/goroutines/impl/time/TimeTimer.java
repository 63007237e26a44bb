package io.goroutines.impl.time;

import io.goroutines.RecvChan;
import io.goroutines.impl.chan.HChan;
import io.goroutines.spi.Durations;
import io.goroutines.impl.sched.Sched;
import io.goroutines.time.Timer;

import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Timer} (time/sleep.go), which in Go 1.23 is the runtime timer
 * itself ({@code timeTimer}, runtime/time.go {@code newTimer}): a channel timer
 * ({@code newTimer}, {@code after}) whose function is {@code sendTime}, or a function
 * timer ({@code afterFunc}) whose function is {@code goFunc}.
 *
 * <p>A channel timer is referenced by its channel and by whoever holds this object; a
 * heap holds it only while a goroutine is blocked on the channel. So once the program
 * drops both, it is garbage, stopped or not. A function timer stays in its P's heap
 * until it fires or is stopped, so it fires even when nothing else holds it.
 */
final class TimeTimer extends RuntimeTimer implements Timer {

    /** Go's {@code sendTime}: a non-blocking send of the time the timer was due. */
    static final TimerFunc SEND_TIME = (arg, seq, delay) -> {
        @SuppressWarnings("unchecked")
        HChan<Instant> c = (HChan<Instant>) arg;
        c.trySend(Nanotime.instantOf(Nanotime.now() - delay));
    };

    /** Go's {@code goFunc}: runs the function in a new goroutine. */
    private static final TimerFunc GO_FUNC = (arg, seq, delay) -> Sched.get().newproc(null, (Runnable) arg);

    /** The channel, or null for an afterFunc timer. */
    private final HChan<Instant> c;

    /** A channel timer: Go's {@code NewTimer} makes {@code make(chan Time, 1)} and the timer together. */
    private TimeTimer() {
        super(true, SEND_TIME, null);
        this.c = new HChan<>(1, this);
        this.arg = c;
    }

    /** A function timer. */
    private TimeTimer(Runnable f) {
        super(false, GO_FUNC, f);
        this.c = null;
    }

    /** Go's {@code NewTimer(d)}, with {@code d} in nanoseconds. */
    static TimeTimer newTimer(long d) {
        TimeTimer t = new TimeTimer();
        t.modify(Nanotime.when(d), 0);
        return t;
    }

    /** Go's {@code AfterFunc(d, f)}, with {@code d} in nanoseconds. */
    static TimeTimer afterFunc(long d, Runnable f) {
        TimeTimer t = new TimeTimer(f);
        t.modify(Nanotime.when(d), 0);
        return t;
    }

    @Override
    public RecvChan<Instant> c() {
        return c;
    }

    @Override
    public boolean stop() {
        return stopTimer();
    }

    @Override
    public boolean reset(Duration d) {
        return modify(Nanotime.when(Durations.nanos(d)), 0);
    }

    @Override
    public String toString() {
        return c != null ? "Timer(" + c + ")" : "Timer(afterFunc)";
    }
}
