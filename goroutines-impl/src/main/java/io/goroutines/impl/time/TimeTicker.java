package io.goroutines.impl.time;

import io.goroutines.RecvChan;
import io.goroutines.impl.chan.HChan;
import io.goroutines.impl.sched.Nanotime;
import io.goroutines.impl.sched.RuntimeTimer;
import io.goroutines.spi.Durations;
import io.goroutines.time.Ticker;

import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Ticker} (time/tick.go): a periodic channel timer. Like
 * {@link TimeTimer}'s channel timers it is in a heap only while a goroutine is blocked
 * on its channel, so an unreferenced ticker is garbage even if never stopped (Go 1.23).
 * A tick finds the one-slot buffer full when the receiver is slow and is dropped; the
 * next one is due a whole number of periods after the first, keeping the phase.
 */
final class TimeTicker extends RuntimeTimer implements Ticker {

    private final HChan<Instant> c;

    private TimeTicker() {
        super(true, TimeTimer.SEND_TIME, null);
        this.c = new HChan<>(1, this);
        this.arg = c;
    }

    /** Go's {@code NewTicker(d)}, with {@code d > 0} in nanoseconds. */
    static TimeTicker newTicker(long d) {
        if (d <= 0) {
            throw new IllegalArgumentException("non-positive interval for NewTicker");
        }
        TimeTicker t = new TimeTicker();
        t.modify(Nanotime.when(d), d);
        return t;
    }

    @Override
    public RecvChan<Instant> c() {
        return c;
    }

    @Override
    public void stop() {
        stopTimer();
    }

    @Override
    public void reset(Duration d) {
        long ns = Durations.nanos(d);
        if (ns <= 0) {
            throw new IllegalArgumentException("non-positive interval for Ticker.Reset");
        }
        modify(Nanotime.when(ns), ns);
    }

    @Override
    public String toString() {
        return "Ticker(" + c + ")";
    }
}
