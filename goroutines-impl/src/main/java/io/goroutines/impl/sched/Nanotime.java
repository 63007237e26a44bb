package io.goroutines.impl.sched;

import java.time.Instant;

/**
 * The runtime's monotonic clock: Go's {@code nanotime()} and the {@code when(d)}
 * arithmetic of runtime/time.go and time/sleep.go.
 *
 * <p>Go's timers use {@code when == 0} to mean "not set", so the clock must never read
 * 0 or less. {@link System#nanoTime()} has an arbitrary origin and may be negative; this
 * clock is {@code System.nanoTime()} shifted so that it starts at 1 when the class
 * loads. It overflows only after 292 years of uptime.
 */
public final class Nanotime {

    /** Go's {@code maxWhen}: the latest representable time, for durations that overflow. */
    static final long MAX_WHEN = Long.MAX_VALUE;

    private static final long ORIGIN = System.nanoTime() - 1;

    private Nanotime() {
    }

    /** {@return Go's {@code nanotime()}: monotonic nanoseconds, always positive} */
    public static long now() {
        return System.nanoTime() - ORIGIN;
    }

    /**
     * Go's {@code when(d)} (time/sleep.go): the clock reading {@code d} nanoseconds from
     * now; {@code now()} for {@code d <= 0}; {@link #MAX_WHEN} when the sum overflows.
     *
     * @param d a duration in nanoseconds
     * @return the clock reading
     */
    public static long when(long d) {
        long t = now();
        if (d <= 0) {
            return t;
        }
        t += d;
        return t < 0 ? MAX_WHEN : t;
    }

    /**
     * This clock's reading at the {@link System#nanoTime()} reading {@code nanoTime}; at
     * least 1 (a reading from before the class loaded is in the past all the same).
     *
     * @param nanoTime a {@link System#nanoTime()} reading
     * @return this clock's reading
     */
    static long ofNanoTime(long nanoTime) {
        long t = nanoTime - ORIGIN;
        return t > 0 ? t : 1;
    }

    /**
     * The wall-clock instant of the clock reading {@code when}, as Go's
     * {@code sendTime} computes it: now minus how late the send is.
     *
     * @param when a clock reading
     * @return the wall-clock instant
     */
    public static Instant instantOf(long when) {
        long late = now() - when;
        Instant wall = Instant.now();
        return late > 0 ? wall.minusNanos(late) : wall;
    }
}
