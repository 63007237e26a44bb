package io.goroutines.benchmarks.sched;

import io.goroutines.Go;
import io.goroutines.GoRuntime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The two schedulers the benchmarks of this package compare, chosen by their
 * {@code @Param("scheduler")} value:
 * <ul>
 *   <li>{@code gmp}: goroutines started with {@link Go#go(Runnable)}, run by our
 *       G/M/P scheduler;</li>
 *   <li>{@code jdk}: virtual threads started with {@code Thread.ofVirtual().start(task)}
 *       (written as {@link Thread#startVirtualThread}, its documented equivalent), run
 *       by the JDK's default scheduler (a {@code ForkJoinPool}).</li>
 * </ul>
 * JMH runs each {@code @Param} value in its own fork, so a {@code jdk} fork never
 * touches the goroutines runtime: it starts no M or sysmon thread that could steal
 * CPU from the scheduler under test.
 */
enum SchedulerUnderTest {

    GMP {
        @Override
        void go(Runnable task) {
            Go.go(task);
        }

        @Override
        int parallelism() {
            return GoRuntime.gomaxprocs(0);   // n < 1 only queries GOMAXPROCS
        }

        @Override
        String diagnostics() {
            return "numGoroutine=" + GoRuntime.numGoroutine() + ", " + GoRuntime.schedStats();
        }
    },

    JDK {
        @Override
        void go(Runnable task) {
            Thread.startVirtualThread(task);
        }

        @Override
        int parallelism() {
            // The default scheduler's parallelism, as java.lang.VirtualThread computes it.
            return Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                    Runtime.getRuntime().availableProcessors());
        }

        @Override
        String diagnostics() {
            return "JDK default virtual-thread scheduler";
        }
    };

    /**
     * How long a benchmark waits for its goroutines before it gives up and fails
     * the iteration. An invocation takes milliseconds; a minute means a hang (a lost
     * wakeup), which should be reported, not measured.
     */
    static final long HANG_TIMEOUT_SECONDS = 60;

    /** Starts {@code task} as a new goroutine / virtual thread of this scheduler. */
    abstract void go(Runnable task);

    /** GOMAXPROCS for gmp, the carrier pool's parallelism for jdk. */
    abstract int parallelism();

    /** A one-line state of the scheduler, for the message of a hang. */
    abstract String diagnostics();

    /**
     * The scheduler named by a benchmark's {@code scheduler} parameter. Called from
     * {@code @Setup(Level.Trial)}: for {@code gmp} it fails fast when the runtime fell
     * back to the JDK's scheduler (typically: the fork lacks
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}), so that the fallback is
     * never measured under the name gmp.
     */
    static SchedulerUnderTest of(String name) {
        switch (name) {
            case "gmp" -> {
                String actual = GoRuntime.scheduler();
                if (!"gmp".equals(actual)) {
                    throw new IllegalStateException("scheduler=gmp, but GoRuntime.scheduler() is \""
                            + actual + "\": the goroutines runtime fell back to the JDK's scheduler; "
                            + "run the fork with --add-opens java.base/java.lang=ALL-UNNAMED");
                }
                return GMP;
            }
            case "jdk" -> {
                return JDK;
            }
            default -> throw new IllegalArgumentException("unknown scheduler \"" + name
                    + "\": expected gmp or jdk");
        }
    }

    /**
     * Waits for {@code done}, failing with the scheduler's state after
     * {@link #HANG_TIMEOUT_SECONDS}. Called by the JMH thread (a platform thread).
     */
    void await(CountDownLatch done, String what) throws InterruptedException {
        if (!done.await(HANG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " did not finish within " + HANG_TIMEOUT_SECONDS
                    + " s on scheduler " + name().toLowerCase() + " (count still " + done.getCount()
                    + "): " + diagnostics());
        }
    }
}
