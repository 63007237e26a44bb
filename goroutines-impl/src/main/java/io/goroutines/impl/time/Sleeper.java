package io.goroutines.impl.time;

import io.goroutines.impl.sched.RuntimeTimer;
import io.goroutines.impl.sched.TimerFunc;
import io.goroutines.impl.sched.WakeSignal;

import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine's sleep timer: Go's {@code gp.timer} with {@code goroutineReady} as its
 * function (runtime/time.go {@code timeSleep}). Made on a goroutine's first
 * {@code Time.sleep} and reused by every later one, as Go does.
 *
 * <p>Go arms the timer only once the goroutine is parked ({@code resetForSleep}), so
 * that the timer cannot ready it before it parks. Here the order does not matter:
 * {@link LockSupport#unpark} before the park leaves a permit, and the sleeper loops on
 * {@link #fired} (which also absorbs spurious wakeups).
 */
final class Sleeper extends RuntimeTimer implements WakeSignal {

    private static final TimerFunc GOROUTINE_READY = (arg, seq, delay) -> {
        Sleeper s = (Sleeper) arg;
        s.fired = true;
        LockSupport.unpark(s.thread);
    };

    /** The sleeping goroutine's thread. */
    final Thread thread;
    /** Set by the timer before it unparks {@link #thread}; reset by the sleeper. */
    volatile boolean fired;

    Sleeper(Thread thread) {
        super(false, GOROUTINE_READY, null);
        this.arg = this;
        this.thread = thread;
    }

    /** (Re)arms the timer to fire once at the clock reading {@code when}. */
    void arm(long when) {
        modify(when, 0);
    }

    /** Stops the timer (a sleep that an interrupt ended). */
    void stop() {
        stopTimer();
    }

    /** {@return whether the timer has fired} */
    @Override
    public boolean isWoken() {
        return fired;
    }
}
