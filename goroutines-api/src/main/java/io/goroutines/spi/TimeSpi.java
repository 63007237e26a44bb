package io.goroutines.spi;

import io.goroutines.RecvChan;
import io.goroutines.time.Ticker;
import io.goroutines.time.Timer;

import java.time.Instant;

/**
 * The runtime side of package {@code io.goroutines.time}: Go's runtime/time.go entry
 * points ({@code timeSleep}, {@code newTimer}). Durations arrive in nanoseconds,
 * saturated at {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE}; arguments are already
 * checked for {@code null} and, where the API requires it, for being positive.
 * Not for application use.
 */
public interface TimeSpi {

    /**
     * Go's {@code time.Sleep}.
     *
     * @param nanos how long to sleep; at most zero returns at once
     */
    void sleep(long nanos);

    /**
     * Go's {@code time.Sleep} that an interrupt ends, as {@link Thread#sleep(long)}.
     *
     * @param nanos how long to sleep; at most zero returns at once (after the
     *              interrupt check)
     * @throws InterruptedException if interrupted on entry or while sleeping; the status
     *         is then cleared
     */
    void sleepInterruptibly(long nanos) throws InterruptedException;

    /**
     * Go's {@code time.NewTimer}.
     *
     * @param nanos when the timer fires, from now
     * @return the started timer
     */
    Timer newTimer(long nanos);

    /**
     * Go's {@code time.AfterFunc}.
     *
     * @param nanos when {@code f} runs, from now
     * @param f runs in its own goroutine when the timer fires
     * @return the started timer
     */
    Timer afterFunc(long nanos, Runnable f);

    /**
     * Go's {@code time.NewTicker}.
     *
     * @param nanos the period, above zero
     * @return the started ticker
     */
    Ticker newTicker(long nanos);

    /**
     * Go's {@code time.After}: the channel of a new timer.
     *
     * @param nanos when the channel receives the time, from now
     * @return the timer's channel
     */
    default RecvChan<Instant> after(long nanos) {
        return newTimer(nanos).c();
    }

    /**
     * Go's {@code time.Tick}: the channel of a new ticker.
     *
     * @param nanos the period, above zero
     * @return the ticker's channel
     */
    default RecvChan<Instant> tick(long nanos) {
        return newTicker(nanos).c();
    }
}
