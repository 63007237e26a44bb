package io.goroutines.time;

import io.goroutines.RecvChan;
import io.goroutines.spi.Durations;
import io.goroutines.spi.Providers;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's package {@code time}: sleeping, timers and tickers, with Go 1.23 semantics.
 *
 * <p>Timers live in the runtime's per-P timer heaps, as in Go, not in a
 * {@code ScheduledExecutorService}. As in Go 1.23:
 * <ul>
 *   <li>Timer and ticker channels are synchronous: their {@code cap()} and
 *       {@code len()} are 0, and a value is prepared only when someone receives.</li>
 *   <li>After {@link Timer#stop()} or {@link Timer#reset(Duration)} returns, no
 *       value prepared before that call is received; the same holds for
 *       {@link Ticker}.</li>
 *   <li>A channel timer or ticker that nothing references any more can be garbage
 *       collected even if it was never stopped. An {@link #afterFunc(Duration, Runnable)}
 *       timer always fires unless stopped, whether or not anything holds it.</li>
 *   <li>A slow ticker receiver has ticks dropped, never queued.</li>
 * </ul>
 *
 * <p>Any thread may sleep or receive from these channels. {@link #sleep(Duration)} is
 * not interruptible, in a goroutine and in any other thread alike, as Go has no
 * interrupts: it sleeps the whole duration, and the thread's interrupt status is set
 * again when it returns. Java code that cancels by interrupt sleeps with
 * {@link #sleepInterruptibly(Duration)}, which throws {@link InterruptedException} as
 * {@link Thread#sleep(long)} does. Receives from timer channels follow
 * {@link RecvChan}'s rules.
 */
public final class Time {

    private Time() {
    }

    /**
     * Go's {@code time.Sleep(d)}: pauses the calling goroutine (or thread) for at
     * least {@code d}. A zero or negative duration returns at once.
     *
     * @param d how long to sleep
     * @throws NullPointerException if {@code d} is {@code null}
     */
    public static void sleep(Duration d) {
        long ns = nanos(d); // checks d before looking for the runtime
        Providers.get().time().sleep(ns);
    }

    /**
     * {@link #sleep(Duration)} that an interrupt ends, as {@link Thread#sleep(long)}: if
     * the calling thread's interrupt status is set on entry (whatever {@code d}), or it
     * is interrupted while sleeping, this throws {@link InterruptedException} with the
     * status cleared. A goroutine sleeps on the runtime's timers either way (it shows
     * as {@code sleep} in dumps); the same in any other thread.
     *
     * @param d how long to sleep
     * @throws InterruptedException if the thread was interrupted before or while sleeping
     * @throws NullPointerException if {@code d} is {@code null}
     */
    public static void sleepInterruptibly(Duration d) throws InterruptedException {
        long ns = nanos(d); // checks d before looking for the runtime
        Providers.get().time().sleepInterruptibly(ns);
    }

    /**
     * Go's {@code time.After(d)}: a channel on which the current time is sent once
     * {@code d} has elapsed. Same as {@code newTimer(d).c()}.
     *
     * @param d how long to wait; zero or negative fires at once
     * @return the timer's channel
     * @throws NullPointerException if {@code d} is {@code null}
     */
    public static RecvChan<Instant> after(Duration d) {
        long ns = nanos(d); // checks d before looking for the runtime
        return Providers.get().time().after(ns);
    }

    /**
     * Go's {@code time.Tick(d)}: the channel of a ticker that nobody can stop; it is
     * garbage collected once nothing references the channel any more.
     *
     * @param d the interval between ticks
     * @return the ticker's channel, or {@code null} (Go's nil) if {@code d <= 0}
     * @throws NullPointerException if {@code d} is {@code null}
     */
    public static RecvChan<Instant> tick(Duration d) {
        Objects.requireNonNull(d, "d must not be null");
        if (d.isNegative() || d.isZero()) {
            return null;
        }
        long ns = nanos(d); // checks d before looking for the runtime
        return Providers.get().time().tick(ns);
    }

    /**
     * Go's {@code time.NewTimer(d)}: a timer that sends the current time on its
     * channel once {@code d} has elapsed.
     *
     * @param d how long to wait; zero or negative fires at once
     * @return a new, active timer
     * @throws NullPointerException if {@code d} is {@code null}
     */
    public static Timer newTimer(Duration d) {
        long ns = nanos(d); // checks d before looking for the runtime
        return Providers.get().time().newTimer(ns);
    }

    /**
     * Go's {@code time.AfterFunc(d, f)}: a timer that, once {@code d} has elapsed,
     * runs {@code f} in its own goroutine. Its {@link Timer#c()} is {@code null}.
     * It fires unless stopped, whether or not anything holds it.
     *
     * @param d how long to wait; zero or negative fires at once
     * @param f the function to run
     * @return a new, active timer whose {@link Timer#stop()} cancels {@code f}
     * @throws NullPointerException if {@code d} or {@code f} is {@code null}
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        Objects.requireNonNull(d, "d must not be null");
        Objects.requireNonNull(f, "f must not be null");
        long ns = nanos(d);
        return Providers.get().time().afterFunc(ns, f);
    }

    /**
     * Go's {@code time.NewTicker(d)}: a ticker that sends the current time on its
     * channel every {@code d}. Ticks a slow receiver misses are dropped.
     *
     * @param d the interval between ticks
     * @return a new ticker
     * @throws NullPointerException     if {@code d} is {@code null}
     * @throws IllegalArgumentException if {@code d <= 0} (Go: "non-positive interval for NewTicker")
     */
    public static Ticker newTicker(Duration d) {
        Objects.requireNonNull(d, "d must not be null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("non-positive interval for NewTicker");
        }
        long ns = nanos(d); // checks d before looking for the runtime
        return Providers.get().time().newTicker(ns);
    }

    private static long nanos(Duration d) {
        return Durations.nanos(d);
    }
}
