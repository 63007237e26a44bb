package io.goroutines.testkit;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import org.opentest4j.AssertionFailedError;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.goroutines.testkit.Dumps.truncate;
import static io.goroutines.testkit.Waits.BODY_BOUND_SECONDS;
import static io.goroutines.testkit.Waits.awaitLatch;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Running test code in goroutines and threads. Go's test body is itself a goroutine;
 * here a body that does channel or sync operations runs in a goroutine too
 * ({@link #inGoroutine}), and the JUnit thread waits for it on a latch with a bound,
 * because a blocked channel operation cannot be interrupted (docs/api.md) and so could
 * not be cut short by {@code @Timeout}.
 */
public final class Goroutines {

    private static final AtomicLong SEQ = new AtomicLong();

    private Goroutines() {
    }

    /** {@return {@code base} with a suffix unique in this JVM, so that a dump names one goroutine} */
    public static String uniqueName(String base) {
        return base + "-" + SEQ.incrementAndGet();
    }

    /**
     * Runs {@code body} as a goroutine named {@code name} (Go's test goroutine) and
     * waits, bounded, for it to end; rethrows what it threw, then what
     * {@code failures} recorded. On timeout, fails with the goroutine dump.
     */
    public static void inGoroutine(String name, Failures failures, Body body) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        String gname = uniqueName(name);
        Go.go(gname, () -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                done.countDown();
            }
        });
        if (!awaitLatch(done, BODY_BOUND_SECONDS)) {
            fail("test goroutine " + gname + " did not finish within " + BODY_BOUND_SECONDS
                    + " s (other failures: " + failures.summary() + "); dump:\n" + truncate(GoRuntime.stack(true)));
        }
        rethrow(thrown.get(), "test goroutine threw ");
        failures.check();
    }

    /** Throws {@code t}, if not null: as it is when unchecked, else wrapped with {@code what}. */
    private static void rethrow(Throwable t, String what) {
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t != null) {
            throw new AssertionFailedError(what + t, t);
        }
    }

    /**
     * Runs {@code body(from, to)} over {@code [0, n)} split among GOMAXPROCS goroutines,
     * so that timers made there spread over the Ps' timer heaps; waits for them, bounded.
     */
    public static void inGoroutinesPerP(int n, RangeBody body) {
        int procs = Math.max(1, GoRuntime.gomaxprocs(0));
        CountDownLatch done = new CountDownLatch(procs);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        for (int g = 0; g < procs; g++) {
            int from = (int) ((long) n * g / procs);
            int to = (int) ((long) n * (g + 1) / procs);
            Go.go(uniqueName("timer-gc-maker"), () -> {
                try {
                    body.run(from, to);
                } catch (Throwable t) {
                    thrown.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
        if (!awaitLatch(done, 60)) {
            fail("making " + n + " objects in " + procs + " goroutines took over 60 s; dump:\n"
                    + truncate(GoRuntime.stack(true)));
        }
        rethrow(thrown.get(), "a maker goroutine threw ");
    }

    /** A body run over an index range by {@link #inGoroutinesPerP}. */
    @FunctionalInterface
    public interface RangeBody {
        /**
         * Runs the body over {@code [from, to)}.
         *
         * @throws Exception whatever the body throws
         */
        void run(int from, int to) throws Exception;
    }

    /** Starts {@code body} on a thread made by {@code builder}; what it throws goes to {@code failures}. */
    public static Thread start(Thread.Builder builder, String name, Failures failures, Body body) {
        return builder.name(uniqueName(name)).start(failures.wrap(body));
    }

    /** Platform threads (daemons, so a hung one cannot keep the JVM alive) and plain virtual threads. */
    public static List<Thread.Builder> threadKinds() {
        return List.of(Thread.ofPlatform().daemon(true), Thread.ofVirtual());
    }
}
