package io.goroutines.time;

import io.goroutines.RecvChan;

import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code *time.Timer}: a single event, made by {@link Time#newTimer(Duration)}
 * or {@link Time#afterFunc(Duration, Runnable)}.
 *
 * <p>Go 1.23 semantics: the channel is synchronous ({@code cap()} and {@code len()}
 * are 0), and after {@link #stop()} or {@link #reset(Duration)} returns, no value
 * prepared before that call is received, so no draining is needed. A timer that has
 * expired but whose value nobody has received yet is still <em>active</em>:
 * {@code stop()} returns {@code true} and the value is never delivered.
 *
 * <p>Any thread may use a timer.
 */
public interface Timer {

    /**
     * Go's {@code t.C}: the channel on which the time is sent when the timer fires.
     *
     * @return the timer's channel, or {@code null} for a timer made by
     *         {@link Time#afterFunc(Duration, Runnable)}
     */
    RecvChan<Instant> c();

    /**
     * Go's {@code t.Stop()}: prevents the timer from firing. For an
     * {@code afterFunc} timer it does not wait for a function already started.
     *
     * @return {@code true} if the timer was active (not yet fired, or fired with the
     *         value not yet received), {@code false} if it had already fired and
     *         been received, or had been stopped
     */
    boolean stop();

    /**
     * Go's {@code t.Reset(d)}: makes the timer fire after {@code d} from now,
     * whether or not it was active; no value prepared before this call is received
     * afterwards.
     *
     * @param d the new duration; zero or negative fires at once
     * @return {@code true} if the timer was active before this call
     * @throws NullPointerException if {@code d} is {@code null}
     */
    boolean reset(Duration d);
}
