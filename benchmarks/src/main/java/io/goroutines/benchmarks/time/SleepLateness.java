package io.goroutines.benchmarks.time;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.time.Time;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/*
 * How late does a 1 ms sleep wake up when the scheduler is busy? One task sleeps 1 ms
 * again and again for SECONDS (default 3) per case and records, for each sleep, how
 * much longer than 1 ms it took (System.nanoTime() around the call); the cases are
 *
 *   jdk, idle         Thread.sleep(1 ms) in a JDK virtual thread, nothing else running
 *   jdk, loaded       the same while LOAD (default 10,000) other virtual threads are
 *                     runnable: each loops doing WORK_ITERATIONS of arithmetic (tens of
 *                     ns) then Thread.yield(), until told to stop
 *   goroutines, idle  Time.sleep(1 ms) in a goroutine
 *   goroutines, loaded the same among LOAD goroutines looping work + GoRuntime.gosched()
 *
 * and it prints, per case, the number of sleeps measured, the median, p90, p99 and
 * maximum lateness in microseconds, and the yields per second the load managed (the
 * proof that it was running). The median lateness under load is the headline: a
 * scheduler that puts a goroutine whose timer fired behind every runnable one makes
 * it wait a whole round of the run queue (10,000 yields), and one whose workers never
 * look at the queue the timer thread submits to while they have work of their own
 * (the JDK's ForkJoinPool, whose yielded virtual threads go back to the carrier's
 * own queue) never wakes it at all; Go's runtime readies it on the P that ran the
 * timer, where it runs next.
 *
 * Everything of a case (sleeper, load) is started by a spawner task inside the impl
 * under test, the sleeper first: see Case. The JDK cases run first, before anything starts
 * the goroutines runtime. The first WARMUP_SLEEPS sleeps of each case are not
 * counted (JIT, timer start-up). Each case is bounded: SECONDS of sleeping (at most
 * MAX_SLEEPS sleeps); a sleeper still inside a sleep STARVED_GRACE_SECONDS after
 * that is reported as starved, with that sleep's lateness so far as a lower bound,
 * and released by stopping the load; starting or stopping the load may take a
 * minute, after which the case fails.
 *
 * benchmarks/src/main/go/sleep_lateness.go is the same for Go (time.Sleep among
 * goroutines looping on runtime.Gosched), and benchmarks/run-sleep-lateness.sh runs
 * both. Not a JMH benchmark: a latency distribution, not a throughput. Run it with
 *
 *   java --add-opens java.base/java.lang=ALL-UNNAMED \
 *        -cp benchmarks/target/benchmarks.jar \
 *        io.goroutines.benchmarks.time.SleepLateness [SECONDS [LOAD]]
 *
 * Until io.goroutines.time is implemented, the goroutines cases fail with "not yet
 * implemented"; the JDK ones still run.
 */
public final class SleepLateness {

    static final double DEFAULT_SECONDS = 3;
    static final int DEFAULT_LOAD = 10_000;
    /** The sleep measured. */
    static final Duration SLEEP = Duration.ofMillis(1);
    /** Sleeps of each case run before the measured ones. */
    static final int WARMUP_SLEEPS = 50;
    /** A bound on the samples of one case (3 s of 1 ms sleeps is at most 3000). */
    static final int MAX_SLEEPS = 100_000;
    /**
     * Arithmetic steps of a load task between two yields: a few tens of ns, so that
     * the load is "runnable goroutines doing short work", not only yield calls.
     */
    static final int WORK_ITERATIONS = 50;
    /** Bound on starting the load and the sleeper (10,000 tasks start in well under a second). */
    static final long START_TIMEOUT_SECONDS = 20;
    /** Bound on stopping the load, and on the sleeper's end once the load stopped. */
    static final long TIMEOUT_SECONDS = 60;
    /**
     * How long past its SECONDS a sleeper may still be inside a sleep before it is
     * declared starved and the load is stopped to release it.
     */
    static final long STARVED_GRACE_SECONDS = 2;

    /** Where the load's arithmetic ends up, so that the JIT keeps it. */
    static volatile long sink;

    private SleepLateness() {
    }

    /** The two runtimes compared. */
    enum Impl {
        JDK("jdk: Thread.sleep in a virtual thread", "Thread.yield") {
            @Override
            void go(Runnable task) {
                Thread.startVirtualThread(task);
            }

            @Override
            void sleep(Duration d) throws InterruptedException {
                Thread.sleep(d);
            }

            @Override
            void yield() {
                Thread.yield();
            }
        },
        GOROUTINES("goroutines: Time.sleep in a goroutine", "gosched") {
            @Override
            void go(Runnable task) {
                Go.go(task);
            }

            @Override
            void sleep(Duration d) {
                Time.sleep(d);
            }

            @Override
            void yield() {
                GoRuntime.gosched();
            }
        };

        final String description;
        final String yieldName;

        Impl(String description, String yieldName) {
            this.description = description;
            this.yieldName = yieldName;
        }

        abstract void go(Runnable task);

        abstract void sleep(Duration d) throws InterruptedException;

        abstract void yield();
    }

    /**
     * One case's result: lateness samples in ns, sorted; the load's yields per second;
     * and whether the sleeper was starved (still inside a sleep, or not started, when
     * its time was up; the last sample is then the lower bound "now - start of that
     * sleep - 1 ms").
     */
    record Result(long[] lateness, double yieldsPerSecond, boolean starved) {
    }

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : DEFAULT_SECONDS;
        int load = args.length > 1 ? Integer.parseInt(args[1].replace("_", "").replace(",", "")) : DEFAULT_LOAD;
        System.out.printf(Locale.ROOT, "SleepLateness: %d ms sleeps for %.1f s per case; load: %,d tasks "
                        + "looping %d arithmetic steps + yield; %d processors, %s%n",
                SLEEP.toMillis(), seconds, load, WORK_ITERATIONS,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf(Locale.ROOT, "%-62s %8s %10s %9s %9s %11s %14s%n", "case", "sleeps",
                "median µs", "p90 µs", "p99 µs", "max µs", "load yields/s");
        boolean anyStarved = false;
        for (Impl impl : Impl.values()) {
            if (impl == Impl.GOROUTINES) {
                System.out.printf(Locale.ROOT, "(goroutines runtime: scheduler=%s, GOMAXPROCS=%d)%n",
                        GoRuntime.scheduler(), GoRuntime.gomaxprocs(0));
            }
            for (int tasks : new int[] {0, load}) {
                String name = impl.description + (tasks == 0 ? ", idle"
                        : String.format(Locale.ROOT, ", %,d %s loops", tasks, impl.yieldName));
                try {
                    Result r = new Case(impl, tasks, seconds).run();
                    long[] l = r.lateness;
                    anyStarved |= r.starved;
                    System.out.printf(Locale.ROOT, "%-62s %8s %10.1f %9.1f %9.1f %11s %14s%n", name,
                            r.starved ? (l.length - 1) + "+1" : Integer.toString(l.length),
                            micros(percentile(l, 0.5)), micros(percentile(l, 0.9)),
                            micros(percentile(l, 0.99)),
                            (r.starved ? ">=" : "") + String.format(Locale.ROOT, "%.1f", micros(l[l.length - 1])),
                            tasks == 0 ? "-" : String.format(Locale.ROOT, "%,.0f", r.yieldsPerSecond));
                } catch (RuntimeException | Error e) {
                    System.out.printf(Locale.ROOT, "%-62s failed: %s%n", name, e);
                }
            }
        }
        System.out.println();
        System.out.println("lateness: how much longer than " + SLEEP.toMillis()
                + " ms each sleep took (System.nanoTime around the call); first " + WARMUP_SLEEPS
                + " sleeps of each case not counted.");
        if (anyStarved) {
            System.out.println("N+1 and >=: the sleeper was starved: " + STARVED_GRACE_SECONDS
                    + " s after its time was up it was still in a sleep, which then counts as one more "
                    + "sample, a lower bound; the load was stopped to release it.");
        }
        System.exit(0);   // the goroutines runtime's threads need not end
    }

    /**
     * One case: a spawner task of the impl starts the sleeper, then the load tasks
     * (none for idle); the sleeper waits until every load task runs before its first
     * sleep. The sleeper is started first, and not by main once the load runs,
     * because of how the JDK's scheduler would treat it otherwise: a virtual thread
     * started by a platform thread, or by another virtual thread, goes to the
     * ForkJoinPool's external submission queue, which carriers busy with their own
     * queues do not look at, so under this load it would never start (seen on JDK
     * 25). Woken by a load task's countDown instead, it is queued on that task's
     * carrier and runs; for that the sleeper must be the only waiter of
     * {@link #started} (AQS wakes the first waiter, which wakes the next: were main
     * the first, the sleeper's wake-up would come from a platform thread, and starve).
     * Main waits on {@link #measuring} instead. The sleeper's wake-ups from sleep come
     * from the JDK's timer thread and go to the external queue: that is the
     * measurement. Used by main only, once.
     */
    static final class Case {
        private final Impl impl;
        private final int tasks;
        private final double seconds;
        /** Counted down by each load task once it runs; awaited by the sleeper alone. */
        private final CountDownLatch started;
        /** Opened by the sleeper once the load runs; awaited by main. */
        private final CountDownLatch measuring = new CountDownLatch(1);
        private final CountDownLatch exited;
        private final CountDownLatch sleeperDone = new CountDownLatch(1);
        private final LongAdder yields = new LongAdder();
        /** Lateness of each measured sleep, in ns. Written by the sleeper only. */
        private final long[] samples = new long[MAX_SLEEPS];
        /** How many of samples are written; a volatile store after each. */
        private volatile int count;
        /** System.nanoTime() when the sleeper's current sleep began; 0 before the first. */
        private volatile long sleepingSince;
        /** Where the sleeper is, for the message of a starved case. Written by the sleeper. */
        private volatile String sleeperState = "not started";
        /** System.nanoTime() when every load task ran; written by the sleeper before measuring opens. */
        private volatile long loadStart;
        /** Set by main to end the load; read by every load task each round. */
        private volatile boolean stop;
        private volatile Throwable failure;

        Case(Impl impl, int tasks, double seconds) {
            this.impl = impl;
            this.tasks = tasks;
            this.seconds = seconds;
            this.started = new CountDownLatch(tasks);
            this.exited = new CountDownLatch(tasks);
        }

        Result run() throws InterruptedException {
            try {
                impl.go(this::spawn);
                if (!measuring.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    checkFailure();
                    throw new IllegalStateException("not running after " + START_TIMEOUT_SECONDS + " s: "
                            + started.getCount() + " of " + tasks + " load tasks not started, the sleeper "
                            + sleeperState);
                }
                long loadStart = this.loadStart;
                long wait = (long) (seconds * 1e9) + TimeUnit.SECONDS.toNanos(STARVED_GRACE_SECONDS);
                boolean starved = !sleeperDone.await(wait, TimeUnit.NANOSECONDS);
                checkFailure();
                int n = count;
                long since = sleepingSince;
                long[] lateness;
                if (starved) {
                    if (since == 0) {
                        throw new IllegalStateException("starved: the sleeper had not begun to sleep "
                                + (System.nanoTime() - loadStart) / 1_000_000 + " ms after the load ran ("
                                + sleeperState + ")");
                    }
                    lateness = Arrays.copyOf(samples, n + 1);
                    lateness[n] = System.nanoTime() - since - SLEEP.toNanos();
                } else {
                    if (n == 0) {
                        throw new IllegalStateException("no sleep measured");
                    }
                    lateness = Arrays.copyOf(samples, n);
                }
                stop = true;
                long elapsed = System.nanoTime() - loadStart;
                if (!exited.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(exited.getCount() + " of " + tasks
                            + " load tasks had not stopped after " + TIMEOUT_SECONDS + " s");
                }
                if (!sleeperDone.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the sleeper did not end " + TIMEOUT_SECONDS
                            + " s after the load stopped");
                }
                checkFailure();
                double yieldsPerSecond = yields.sum() / (elapsed / 1e9);   // rounds are added as tasks end
                Arrays.sort(lateness);
                return new Result(lateness, yieldsPerSecond, starved);
            } finally {
                stop = true;
            }
        }

        private void checkFailure() {
            Throwable t = failure;
            if (t != null) {
                throw new IllegalStateException("a task failed: " + t, t);
            }
        }

        /** The spawner: starts the sleeper, then the load. */
        private void spawn() {
            try {
                impl.go(this::sleeper);
                for (int i = 0; i < tasks; i++) {
                    long seed = i + 1;
                    impl.go(() -> load(seed));
                }
            } catch (Throwable t) {
                failure = t;
                sleeperDone.countDown();
            }
        }

        /** A load task: short work and a yield, until stop. */
        private void load(long seed) {
            long x = seed;
            long rounds = 0;
            try {
                started.countDown();
                while (!stop) {
                    for (int k = 0; k < WORK_ITERATIONS; k++) {   // xorshift64
                        x ^= x << 13;
                        x ^= x >>> 7;
                        x ^= x << 17;
                    }
                    impl.yield();
                    rounds++;
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                sink = x;
                yields.add(rounds);
                exited.countDown();
            }
        }

        /**
         * The sleeper: waits until the load runs, sleeps WARMUP_SLEEPS times, then for
         * {@code seconds} (at most MAX_SLEEPS times) sleeps and records each one's
         * lateness.
         */
        private void sleeper() {
            long sleepNanos = SLEEP.toNanos();
            try {
                sleeperState = "waiting for the load to run";
                started.await();
                sleeperState = "in its first sleep";
                loadStart = System.nanoTime();
                measuring.countDown();
                for (int i = 0; i < WARMUP_SLEEPS; i++) {
                    sleepingSince = System.nanoTime();
                    impl.sleep(SLEEP);
                }
                long budget = (long) (seconds * 1e9);
                long start = System.nanoTime();
                int n = 0;
                while (n < samples.length && System.nanoTime() - start < budget) {
                    long t0 = System.nanoTime();
                    sleepingSince = t0;
                    impl.sleep(SLEEP);
                    samples[n++] = System.nanoTime() - t0 - sleepNanos;
                    count = n;
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                sleeperDone.countDown();
            }
        }
    }

    /** The q-quantile (nearest rank) of sorted samples. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double micros(long nanos) {
        return nanos / 1e3;
    }
}
