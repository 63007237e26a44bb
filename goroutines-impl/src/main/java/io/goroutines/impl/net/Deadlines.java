package io.goroutines.impl.net;

import io.goroutines.spi.Durations;

import java.time.Duration;
import java.time.Instant;

/**
 * Deadlines as {@code PollDesc.setDeadline} takes them: a {@link System#nanoTime()}
 * instant, 0 for none, a value at or before now for one already past.
 */
final class Deadlines {

    /** Beyond this many nanoseconds from now (about 73 years) a deadline counts as none: nanoTime must not overflow. */
    static final long FAR = Long.MAX_VALUE / 4;

    private Deadlines() {
    }

    /**
     * @param t a wall-clock deadline, or null for none
     * @return its nanoTime instant: 0 for none, at or before now when {@code t} is not
     *         after the current time
     */
    static long of(Instant t) {
        if (t == null) {
            return 0;
        }
        long now = System.nanoTime();
        return fromNow(now, Durations.nanos(Duration.between(Instant.now(), t)));
    }

    /**
     * @param now {@code System.nanoTime()}
     * @param nanos how long from {@code now}; 0 or less: already past
     * @return the nanoTime instant, never 0 (which would mean none) unless {@code nanos} is beyond {@link #FAR}
     */
    static long fromNow(long now, long nanos) {
        if (nanos <= 0) {
            return past(now);
        }
        if (nanos > FAR) {
            return 0;
        }
        long d = now + nanos;
        return d == 0 ? 1 : d;
    }

    /** An instant already past at {@code now}, and not 0. */
    static long past(long now) {
        long d = now - 1;
        return d == 0 ? -1 : d;
    }
}
