package io.goroutines.benchmarks.time;

import io.goroutines.benchmarks.support.GoroutinesRuntimeState;
import io.goroutines.benchmarks.support.TaskRunner;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.RecvChan;
import io.goroutines.time.Ticker;
import io.goroutines.time.Time;
import io.goroutines.time.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer implementation a benchmark of this package runs on, chosen by its
 * {@code @Param("impl")} value, and the goroutines that use it:
 * <ul>
 *   <li>{@code goroutines} ({@link Goroutines}): our {@link Time} on {@link Go#go}
 *       goroutines. Timers live in the runtime's per-P timer heaps.</li>
 *   <li>{@code jdk} ({@link Jdk}): a {@link ScheduledThreadPoolExecutor} with one
 *       platform thread per processor, on JDK virtual threads. What a Java developer
 *       writes for each Go call:
 *       <pre>
 *       time.AfterFunc(d, f)      stpe.schedule(() -> Thread.startVirtualThread(f), d)
 *       &lt;-time.After(d)           a CompletableFuture completed by stpe.schedule(.., d), joined
 *       time.NewTimer(d)          a CompletableFuture and the stpe.schedule(..) that completes it
 *       t.Stop()                  ScheduledFuture.cancel(false)
 *       t.Reset(d)                cancel(false), then stpe.schedule(the same task, d)
 *       time.Sleep(d)             Thread.sleep(d) in a virtual thread
 *       time.NewTicker(d)         stpe.scheduleAtFixedRate(() -> q.offer(now), d, d) with
 *                                 q an ArrayBlockingQueue(1): a tick nobody takes in time is
 *                                 dropped, as Go drops ticks for a slow receiver
 *       </pre>
 *       The executor has {@code setRemoveOnCancelPolicy(true)}, as the JDK's own
 *       virtual-thread timer executors do: without it every cancelled task stays in its
 *       queue until its delay elapses, and BenchmarkStop (a 1 s timer, stopped at
 *       once, millions of times a second) would grow the queue without bound.</li>
 * </ul>
 * A trial owns one instance ({@link #of}, {@link #close}); JMH runs each {@code impl}
 * in its own fork, so the jdk fork never starts the goroutines runtime, and calls
 * through this class are monomorphic within a fork.
 *
 * <p>The {@code jdk} side's {@link Timer}s implement our {@link Timer} interface so
 * that benchmark code reads like Go's ({@code t.reset(HOUR)}); their {@link Timer#c()}
 * is not supported.
 */
abstract sealed class TimeUnderTest implements AutoCloseable, TaskRunner permits TimeUnderTest.Goroutines, TimeUnderTest.Jdk {

    /**
     * How long a benchmark waits for its goroutines before it gives up and fails the
     * iteration. An invocation takes milliseconds; a minute means a hang (a lost
     * wakeup or a timer that never fired), which should be reported, not measured.
     */
    static final long HANG_TIMEOUT_SECONDS = TaskRunner.HANG_TIMEOUT_SECONDS;


    /** A ticker of the implementation under test: {@code <-t.C} and {@code t.Stop()}. */
    interface BenchTicker {
        /** Go's {@code <-t.C}. */
        Instant recv() throws InterruptedException;

        /** Go's {@code t.Stop()}. */
        void stop();
    }

    /** Starts {@code task} as a goroutine (virtual thread for jdk) of this implementation. */
    public abstract void go(Runnable task);

    /** GOMAXPROCS for goroutines; the JDK virtual-thread scheduler's parallelism for jdk. */
    public abstract int procs();

    /** Go's {@code time.AfterFunc(d, f)}: {@code f} runs in its own goroutine / virtual thread. */
    abstract Timer afterFunc(Duration d, Runnable f);

    /** Go's {@code time.NewTimer(d)}; only its stop and reset are used. */
    abstract Timer newTimer(Duration d);

    /** Go's {@code <-time.After(d)}: arms a one-shot timer and waits for its value. */
    abstract Instant after(Duration d) throws InterruptedException;

    /** Go's {@code time.Sleep(d)}. */
    abstract void sleep(Duration d) throws InterruptedException;

    /** Go's {@code time.NewTicker(d)}. */
    abstract BenchTicker newTicker(Duration d);

    /** The state of the scheduler, for the message of a hang. */
    public abstract String diagnostics();

    /** The name used by {@code @Param("impl")}. */
    public abstract String paramName();

    /** Releases what the implementation started for the trial (the jdk executor's threads). */
    @Override
    public void close() {
    }

    /**
     * A new implementation for one trial, by its {@code impl} parameter. Called from
     * {@code @Setup(Level.Trial)}: for {@code goroutines} it fails fast when the runtime
     * fell back to the JDK's scheduler (typically: the fork lacks
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}), so that the fallback is never
     * measured under our name.
     */
    static TimeUnderTest of(String name) {
        switch (name) {
            case "goroutines" -> {
                GoroutinesRuntimeState.requireGmp();
                return new Goroutines();
            }
            case "jdk" -> {
                return new Jdk();
            }
            default -> throw new IllegalArgumentException("unknown impl \"" + name
                    + "\": expected goroutines or jdk");
        }
    }

    /** Our time package on our goroutines. */
    static final class Goroutines extends TimeUnderTest {

        @Override
        public void go(Runnable task) {
            Go.go(task);
        }

        @Override
        public int procs() {
            return GoRuntime.gomaxprocs(0);   // n < 1 only queries GOMAXPROCS
        }

        @Override
        Timer afterFunc(Duration d, Runnable f) {
            return Time.afterFunc(d, f);
        }

        @Override
        Timer newTimer(Duration d) {
            return Time.newTimer(d);
        }

        @Override
        Instant after(Duration d) {
            return Time.after(d).recv();
        }

        @Override
        void sleep(Duration d) {
            Time.sleep(d);
        }

        @Override
        BenchTicker newTicker(Duration d) {
            Ticker t = Time.newTicker(d);
            RecvChan<Instant> c = t.c();
            return new BenchTicker() {
                @Override
                public Instant recv() {
                    return c.recv();
                }

                @Override
                public void stop() {
                    t.stop();
                }
            };
        }

        @Override
        public String diagnostics() {
            return GoroutinesRuntimeState.diagnostics();
        }

        @Override
        public String paramName() {
            return "goroutines";
        }
    }

    /** A ScheduledThreadPoolExecutor and JDK virtual threads (see the class comment). */
    static final class Jdk extends TimeUnderTest {

        /** The timer threads: one platform thread per processor, prestarted. */
        private final ScheduledThreadPoolExecutor stpe;

        Jdk() {
            stpe = new ScheduledThreadPoolExecutor(procsOfJdk(),
                    Thread.ofPlatform().name("stpe-timer-", 0).daemon().factory());
            stpe.setRemoveOnCancelPolicy(true);
            stpe.prestartAllCoreThreads();
        }

        private static int procsOfJdk() {
            // The default scheduler's parallelism, as java.lang.VirtualThread computes it.
            return Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                    Runtime.getRuntime().availableProcessors());
        }

        @Override
        public void go(Runnable task) {
            Thread.startVirtualThread(task);
        }

        @Override
        public int procs() {
            return procsOfJdk();
        }

        @Override
        Timer afterFunc(Duration d, Runnable f) {
            return new StpeTimer(stpe, () -> Thread.startVirtualThread(f), d);
        }

        @Override
        Timer newTimer(Duration d) {
            CompletableFuture<Instant> c = new CompletableFuture<>();
            return new StpeTimer(stpe, () -> c.complete(Instant.now()), d);
        }

        @Override
        Instant after(Duration d) {
            CompletableFuture<Instant> c = new CompletableFuture<>();
            stpe.schedule(() -> c.complete(Instant.now()), d.toNanos(), TimeUnit.NANOSECONDS);
            return c.join();
        }

        @Override
        void sleep(Duration d) throws InterruptedException {
            Thread.sleep(d);
        }

        @Override
        BenchTicker newTicker(Duration d) {
            ArrayBlockingQueue<Instant> q = new ArrayBlockingQueue<>(1);
            long period = d.toNanos();
            ScheduledFuture<?> f = stpe.scheduleAtFixedRate(() -> q.offer(Instant.now()),
                    period, period, TimeUnit.NANOSECONDS);
            return new BenchTicker() {
                @Override
                public Instant recv() throws InterruptedException {
                    return q.take();
                }

                @Override
                public void stop() {
                    f.cancel(false);
                }
            };
        }

        @Override
        public String diagnostics() {
            return "JDK virtual threads on the default scheduler; " + stpe;
        }

        @Override
        public String paramName() {
            return "jdk";
        }

        @Override
        public void close() {
            stpe.shutdownNow();
        }
    }

    /**
     * A one-shot task on the executor, with Go's Timer.Stop/Reset: Stop is
     * {@code cancel(false)}, which like Go's Stop returns whether the task had not run
     * yet; Reset cancels and schedules the same task anew. Like a Go Timer, not for
     * concurrent use by several goroutines.
     */
    static final class StpeTimer implements Timer {

        private final ScheduledThreadPoolExecutor stpe;
        private final Runnable task;
        /** The current scheduling of task. Owner goroutine only. */
        private ScheduledFuture<?> future;

        StpeTimer(ScheduledThreadPoolExecutor stpe, Runnable task, Duration d) {
            this.stpe = stpe;
            this.task = task;
            this.future = stpe.schedule(task, d.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public RecvChan<Instant> c() {
            throw new UnsupportedOperationException("the jdk peer's timers have no channel");
        }

        @Override
        public boolean stop() {
            return future.cancel(false);
        }

        @Override
        public boolean reset(Duration d) {
            boolean active = future.cancel(false);
            future = stpe.schedule(task, d.toNanos(), TimeUnit.NANOSECONDS);
            return active;
        }
    }
}
