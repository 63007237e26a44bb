package io.goroutines.impl.time;

import io.goroutines.RecvChan;
import io.goroutines.impl.chan.HChan;
import io.goroutines.impl.sched.Nanotime;
import io.goroutines.impl.sched.RuntimeTimer;
import io.goroutines.impl.sched.TimerFunc;
import io.goroutines.spi.Durations;
import io.goroutines.time.Timer;

import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Timer} made by {@code NewTimer} or {@code After} (time/sleep.go),
 * which in Go 1.23 is the runtime timer itself ({@code timeTimer}, runtime/time.go
 * {@code newTimer}): a channel timer whose function is {@code sendTime}.
 * {@code AfterFunc}'s timers are {@link FuncTimer}s.
 *
 * <p>It is referenced by its channel and by whoever holds this object; a heap holds it
 * only while a goroutine is blocked on the channel. So once the program drops both, it
 * is garbage, stopped or not.
 */
final class TimeTimer extends RuntimeTimer implements Timer {

    /** Go's {@code sendTime}: a non-blocking send of the time the timer was due. */
    static final TimerFunc SEND_TIME = (arg, seq, delay) -> {
        @SuppressWarnings("unchecked")
        HChan<Instant> c = (HChan<Instant>) arg;
        c.timerSend(Nanotime.instantOf(Nanotime.now() - delay));
    };

    private final HChan<Instant> c;

    /** Go's {@code NewTimer} makes {@code make(chan Time, 1)} and the timer together. */
    private TimeTimer() {
        super(true, SEND_TIME, null);
        this.c = new HChan<>(1, this);
        this.arg = c;
    }

    /** Go's {@code NewTimer(d)}, with {@code d} in nanoseconds. */
    static TimeTimer newTimer(long d) {
        TimeTimer t = new TimeTimer();
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
        return "Timer(" + c + ")";
    }
}
