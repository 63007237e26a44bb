package io.goroutines.testkit;

import io.goroutines.Go;
import io.goroutines.Received;
import io.goroutines.RecvChan;
import io.goroutines.time.Time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Time in tests: Go's extreme durations, elapsed time on the monotonic clock, the slack
 * between the clocks, and timer channels that must fire within a bound or not yet.
 */
public final class Clocks {

    /** How long a timer that is due may take to be seen on a loaded 2-core machine. */
    public static final Duration FIRE_BOUND = Duration.ofSeconds(2);

    /** Go's largest {@code time.Duration}, {@code 1<<63 - 1} ns (about 292 years). */
    public static final Duration MAX_GO_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    /** Go's smallest {@code time.Duration}, {@code -1 << 63} ns. */
    public static final Duration MIN_GO_DURATION = Duration.ofNanos(Long.MIN_VALUE);

    /** The largest {@link Duration}: its length in nanoseconds does not fit a {@code long}. */
    public static final Duration MAX_JAVA_DURATION = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    /** The smallest {@link Duration}. */
    public static final Duration MIN_JAVA_DURATION = Duration.ofSeconds(Long.MIN_VALUE);

    /**
     * Slack for comparing a timer's {@link Instant} with {@link Instant#now()} or with
     * {@link System#nanoTime()} intervals: the wall clock and the monotonic clock may
     * disagree by a little.
     */
    public static final Duration CLOCK_SLACK = Duration.ofMillis(5);

    private Clocks() {
    }

    /** {@return {@code millis} milliseconds} */
    public static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** Time elapsed on the monotonic clock since {@code startNanos}. */
    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Fails unless {@code actual} is at least {@code min}. */
    public static void assertAtLeast(Duration actual, Duration min, String what) {
        if (actual.compareTo(min) < 0) {
            fail(what + ": took only " + actual + ", want at least " + min);
        }
    }

    /**
     * Receives one value from {@code c}, failing if none arrives within {@code bound}:
     * Go's {@code select { case v := <-c: case <-time.After(bound): t.Fatal }}.
     */
    public static <T> T recvWithin(RecvChan<T> c, Duration bound, String what) {
        AtomicReference<T> got = new AtomicReference<>();
        int chosen = Go.select()
                .recv(c, got::set)
                .recv(Time.after(bound), null)
                .run();
        if (chosen != 0) {
            fail(what + ": nothing received within " + bound);
        }
        return got.get();
    }

    /** Go's {@code select { case <-c: t.Error(...) default: }}: fails if c has a value ready. */
    public static void assertNothingReady(RecvChan<?> c, String what) {
        Received<?> r = c.tryRecv();
        if (r != null) {
            fail(what + ": received " + r);
        }
    }
}
