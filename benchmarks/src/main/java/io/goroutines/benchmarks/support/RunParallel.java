package io.goroutines.benchmarks.support;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Go's {@code b.RunParallel(func(pb *testing.PB) { ... })} (src/testing/benchmark.go)
 * on the implementation under test: starts {@code procs()} goroutines (GOMAXPROCS; for
 * jox and jdk that many virtual threads) that run {@code body} and share {@code n}
 * iterations through a {@link PB}, then waits for them.
 *
 * <p>Why goroutines and not JMH's {@code @Threads}: JMH's worker threads are platform
 * threads, so a channel operation on them would park an OS thread and never exercise
 * the scheduler under test. Go's RunParallel runs its bodies on goroutines too.
 *
 * <p>{@code b.SetParallelism(p)} makes Go start {@code p * GOMAXPROCS} goroutines
 * instead (the "slack" benchmarks: more goroutines than Ps, so that some are always
 * parked or queued); {@link #run(TaskRunner, String, long, int, Body)} takes that p.
 *
 * <p>As in Go, the iterations are not split up front: each goroutine takes a grain
 * of them at a time from a shared counter, so one that got descheduled does not
 * leave the others idle at the end. Go sizes the grain from the previous run (about
 * 100 µs of work, clamped to [1, 10000]); JMH has no previous run, so the grain here
 * is {@code n / (procs * 100)} clamped the same way: each goroutine claims a grain
 * about a hundred times per invocation, which keeps the shared counter as rare a
 * cost as in Go.
 */
public final class RunParallel {

    /** Go's maximum grain (testing.RunParallel: {@code if grain > 1e4 { grain = 1e4 }}). */
    private static final long MAX_GRAIN = 10_000;
    /** Grains per goroutine per invocation (see the class comment). */
    private static final long GRAINS_PER_PROC = 100;

    /** The body of one parallel goroutine: Go's {@code func(pb *testing.PB)}. */
    @FunctionalInterface
    public interface Body {
        void run(PB pb) throws Exception;
    }

    /**
     * Go's {@code testing.PB}: hands out the iterations of one invocation. One per
     * goroutine; only {@link #globalN} is shared.
     */
    public static final class PB {
        /** Iterations claimed so far by all goroutines (Go's pb.globalN). */
        private final AtomicLong globalN;
        private final long grain;
        /** The invocation's total (Go's pb.bN). */
        private final long bN;
        /** Iterations left in this goroutine's current grain. Owner goroutine only. */
        private long cache;

        private PB(AtomicLong globalN, long grain, long bN) {
            this.globalN = globalN;
            this.grain = grain;
            this.bN = bN;
        }

        /** Go's {@code pb.Next()}: whether there is another iteration to run. Owner goroutine only. */
        public boolean next() {
            if (cache == 0) {
                long n = globalN.addAndGet(grain);
                if (n <= bN) {
                    cache = grain;
                } else if (n < bN + grain) {
                    cache = bN + grain - n;
                } else {
                    return false;
                }
            }
            cache--;
            return true;
        }
    }

    private RunParallel() {
    }

    /**
     * Runs {@code body} in {@code impl.procs()} goroutines sharing {@code n} iterations,
     * and waits for all of them. Called by the JMH thread.
     */
    public static void run(TaskRunner impl, String what, long n, Body body) throws InterruptedException {
        run(impl, what, n, 1, body);
    }

    /**
     * Go's {@code b.SetParallelism(parallelism)} followed by {@code b.RunParallel(body)}:
     * runs {@code body} in {@code parallelism * impl.procs()} goroutines sharing
     * {@code n} iterations, and waits for all of them. Called by the JMH thread.
     *
     * @param parallelism Go's p of SetParallelism, at least 1 (Go's default is 1)
     */
    public static void run(TaskRunner impl, String what, long n, int parallelism, Body body)
            throws InterruptedException {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism " + parallelism + " < 1");
        }
        int procs = parallelism * impl.procs();   // Go's numProcs := b.parallelism * GOMAXPROCS
        long grain = Math.max(1, Math.min(MAX_GRAIN, n / (procs * GRAINS_PER_PROC)));
        AtomicLong globalN = new AtomicLong();
        Group g = new Group(impl, what, procs);
        for (int p = 0; p < procs; p++) {
            g.go(() -> body.run(new PB(globalN, grain, n)));
        }
        g.await();
    }
}
