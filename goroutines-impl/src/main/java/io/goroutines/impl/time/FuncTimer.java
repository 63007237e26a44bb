package io.goroutines.impl.time;

import io.goroutines.RecvChan;
import io.goroutines.impl.sched.G;
import io.goroutines.impl.sched.Nanotime;
import io.goroutines.impl.sched.Program;
import io.goroutines.impl.sched.RuntimeTimer;
import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.TimerFunc;
import io.goroutines.spi.Durations;
import io.goroutines.time.Timer;

import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.AfterFunc} timer (time/sleep.go): a runtime timer whose function is
 * {@code goFunc}, which starts {@code f} in a new goroutine. It stays in its P's heap
 * until it fires or is stopped, so it fires even when nothing else holds it.
 *
 * <p>The goroutine belongs to the {@code Go.main} program of the goroutine that armed
 * the timer, if any, so that a panic in {@code f} ends that program as it would end a
 * Go program.
 */
final class FuncTimer extends RuntimeTimer implements Timer {

    /** Go's {@code goFunc}. */
    private static final TimerFunc GO_FUNC = (arg, seq, delay) -> {
        FuncTimer t = (FuncTimer) arg;
        Sched.get().lifecycle().newprocFor(t.program, t.fn);
    };

    private final Runnable fn;
    private final Program program;

    private FuncTimer(Runnable fn, Program program) {
        super(false, GO_FUNC, null);
        this.arg = this;
        this.fn = fn;
        this.program = program;
    }

    /** Go's {@code AfterFunc(d, f)}, with {@code d} in nanoseconds. */
    static FuncTimer afterFunc(long d, Runnable f) {
        G gp = Sched.get().currentG();
        FuncTimer t = new FuncTimer(f, gp != null ? gp.program() : null);
        t.modify(Nanotime.when(d), 0);
        return t;
    }

    /** Always null: an afterFunc timer has no channel. */
    @Override
    public RecvChan<Instant> c() {
        return null;
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
        return "Timer(afterFunc " + fn + ")";
    }
}
