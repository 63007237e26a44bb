package io.goroutines.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Durations as the runtime takes them: Go's {@code time.Duration}, an int64 count of
 * nanoseconds. Shared by the API and the runtime; not for application use.
 */
public final class Durations {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Durations() {
    }

    /**
     * {@code d} in nanoseconds, saturated: a duration beyond what a {@code long} of
     * nanoseconds holds (about 292 years) becomes {@code Long.MAX_VALUE} (or
     * {@code Long.MIN_VALUE}), the bounds of Go's durations.
     *
     * @param d a duration
     * @return its length in nanoseconds, saturated
     * @throws NullPointerException if {@code d} is {@code null}
     */
    public static long nanos(Duration d) {
        Objects.requireNonNull(d, "d must not be null");
        if (d.getSeconds() >= Long.MAX_VALUE / NANOS_PER_SECOND) {
            return Long.MAX_VALUE;
        }
        if (d.getSeconds() <= Long.MIN_VALUE / NANOS_PER_SECOND) {
            return Long.MIN_VALUE;
        }
        return d.toNanos();
    }
}
