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

    /** Go's {@code time.Sleep}. */
    void sleep(long nanos);

    /** Go's {@code time.NewTimer}. */
    Timer newTimer(long nanos);

    /** Go's {@code time.AfterFunc}. */
    Timer afterFunc(long nanos, Runnable f);

    /** Go's {@code time.NewTicker}; {@code nanos > 0}. */
    Ticker newTicker(long nanos);

    /** Go's {@code time.After}: the channel of a new timer. */
    default RecvChan<Instant> after(long nanos) {
        return newTimer(nanos).c();
    }

    /** Go's {@code time.Tick}: the channel of a new ticker; {@code nanos > 0}. */
    default RecvChan<Instant> tick(long nanos) {
        return newTicker(nanos).c();
    }
}
