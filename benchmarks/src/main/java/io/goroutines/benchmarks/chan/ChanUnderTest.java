package io.goroutines.benchmarks.chan;

import io.goroutines.benchmarks.support.GoroutinesRuntimeState;
import io.goroutines.benchmarks.support.TaskRunner;

import com.softwaremill.jox.Channel;
import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The three channel implementations the benchmarks of this package compare, chosen
 * by their {@code @Param("impl")} value:
 * <ul>
 *   <li>{@code goroutines}: our {@link Chan} and {@link Go#select()}, used by
 *       goroutines started with {@link Go#go(Runnable)} on our G/M/P scheduler;</li>
 *   <li>{@code jox}: SoftwareMill's Jox channels ({@code com.softwaremill.jox:channels},
 *       {@link Channel} and {@code Select}), used by JDK virtual threads
 *       ({@code Thread.ofVirtual()}) on the JDK's default scheduler;</li>
 *   <li>{@code jdk}: {@link SynchronousQueue} for an unbuffered channel and
 *       {@link ArrayBlockingQueue} for a buffered one ({@code put} / {@code take}), used
 *       by JDK virtual threads. It has no select, so the select benchmarks leave it
 *       out.</li>
 * </ul>
 * JMH runs each {@code @Param} value in its own fork, so a {@code jox} or {@code jdk}
 * fork never touches the goroutines runtime: it starts no M or sysmon thread that
 * could steal CPU from the scheduler under test.
 */
enum ChanUnderTest implements TaskRunner {

    GOROUTINES {
        @Override
        public void go(Runnable task) {
            Go.go(task);
        }

        @Override
        public int procs() {
            return GoRuntime.gomaxprocs(0);   // n < 1 only queries GOMAXPROCS
        }

        @Override
        <T> BenchChan<T> make(int capacity) {
            return new BenchChan.Ours<>(Chan.make(capacity));
        }

        @Override
        public String diagnostics() {
            return GoroutinesRuntimeState.diagnostics();
        }
    },

    JOX {
        @Override
        <T> BenchChan<T> make(int capacity) {
            return new BenchChan.Jox<>(capacity == 0
                    ? Channel.newRendezvousChannel()
                    : Channel.newBufferedChannel(capacity));
        }
    },

    JDK {
        @Override
        <T> BenchChan<T> make(int capacity) {
            BlockingQueue<T> q = capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
            return new BenchChan.Queue<>(q);
        }
    };

    /**
     * How long a benchmark waits for its goroutines before it gives up and fails the
     * iteration. An invocation takes milliseconds; a minute means a hang (a lost
     * wakeup), which should be reported, not measured. Same as the sched benchmarks.
     */
    static final long HANG_TIMEOUT_SECONDS = TaskRunner.HANG_TIMEOUT_SECONDS;


    /**
     * Starts {@code task} as a new goroutine (goroutines) or virtual thread (jox, jdk:
     * {@code Thread.ofVirtual().start(task)}).
     */
    public void go(Runnable task) {
        Thread.ofVirtual().start(task);
    }

    /**
     * Go's {@code runtime.GOMAXPROCS(0)}: GOMAXPROCS for goroutines; for jox and jdk the
     * parallelism of the JDK's virtual-thread scheduler, which defaults to the same
     * number (the available processors).
     */
    public int procs() {
        // The default scheduler's parallelism, as java.lang.VirtualThread computes it.
        return Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
    }

    /** Go's {@code make(chan T, capacity)} in this implementation; 0 is unbuffered. */
    abstract <T> BenchChan<T> make(int capacity);

    /** The state of the scheduler, for the message of a hang. */
    public String diagnostics() {
        return "JDK virtual threads on the default scheduler";
    }

    /** The name used by {@code @Param("impl")}. */
    public String paramName() {
        return name().toLowerCase();
    }

    /**
     * The implementation named by a benchmark's {@code impl} parameter. Called from
     * {@code @Setup(Level.Trial)}: for {@code goroutines} it fails fast when the runtime
     * fell back to the JDK's scheduler (typically: the fork lacks
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}), so that the fallback is
     * never measured under the name goroutines.
     */
    static ChanUnderTest of(String name) {
        switch (name) {
            case "goroutines" -> {
                GoroutinesRuntimeState.requireGmp();
                return GOROUTINES;
            }
            case "jox" -> {
                return JOX;
            }
            case "jdk" -> {
                return JDK;
            }
            default -> throw new IllegalArgumentException("unknown impl \"" + name
                    + "\": expected goroutines, jox or jdk");
        }
    }
}
