package io.goroutines.time;

import io.goroutines.RecvChan;

import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code *time.Ticker}: a channel that receives the time at intervals, made by
 * {@link Time#newTicker(Duration)}.
 *
 * <p>Go 1.23 semantics: the channel is synchronous ({@code cap()} and {@code len()}
 * are 0); a slow receiver has ticks dropped, never queued; after {@link #stop()} or
 * {@link #reset(Duration)} returns, no tick prepared before that call is received.
 * A ticker that nothing references any more can be garbage collected even if it was
 * never stopped.
 *
 * <p>Any thread may use a ticker.
 */
public interface Ticker {

    /**
     * Go's {@code t.C}: the channel on which ticks are delivered.
     *
     * @return the ticker's channel
     */
    RecvChan<Instant> c();

    /**
     * Go's {@code t.Stop()}: turns the ticker off; no more ticks are sent. The
     * channel is not closed, so a receiver blocked on it keeps waiting.
     */
    void stop();

    /**
     * Go's {@code t.Reset(d)}: stops the ticker and restarts it with period
     * {@code d}; the next tick arrives after {@code d}.
     *
     * @param d the new interval
     * @throws NullPointerException     if {@code d} is {@code null}
     * @throws IllegalArgumentException if {@code d <= 0} (Go: "non-positive interval for Ticker.Reset")
     */
    void reset(Duration d);
}
