package io.goroutines.benchmarks.sched;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/*
 * Port of Go's BenchmarkCreateGoroutines and BenchmarkCreateGoroutinesParallel
 * (src/runtime/proc_test.go):
 *
 *     func benchmarkCreateGoroutines(b *testing.B, procs int) {
 *         c := make(chan bool)
 *         var f func(n int)
 *         f = func(n int) {
 *             if n == 0 { c <- true; return }
 *             go f(n - 1)
 *         }
 *         for i := 0; i < procs; i++ { go f(b.N / procs) }
 *         for i := 0; i < procs; i++ { <-c }
 *     }
 *
 * BenchmarkCreateGoroutines is procs = 1, BenchmarkCreateGoroutinesParallel is
 * procs = GOMAXPROCS. What it measures: the cost of starting a goroutine that does
 * nothing but start the next one and exit, i.e. create + first schedule + run + exit,
 * in ns per goroutine. With procs = 1 the chain is strictly sequential (one runnable
 * goroutine at a time, the hand-off path: Go's runnext); with procs = GOMAXPROCS
 * there are as many independent chains as Ps, so it also measures how well creation
 * scales (shared counters, run-queue contention, stealing).
 *
 * Differences from Go:
 * - JMH needs a fixed amount of work per call, so b.N is replaced by BATCH goroutines
 *   per invocation and @OperationsPerInvocation(BATCH) turns the time into ns per
 *   goroutine (Go's ns/op is also per goroutine).
 * - The completion channel c is a CountDownLatch(procs) (channels are not part of
 *   this comparison); the JMH thread, a platform thread, awaits it.
 * - For jdk, "procs = GOMAXPROCS" is the parallelism of the JDK's virtual-thread
 *   scheduler, which defaults to the same number (the available processors).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CreateGoroutines {

    /** Goroutines created per invocation: Go's b.N, fixed so that JMH can divide. */
    static final int BATCH = 100_000;

    @Param({"gmp", "jdk"})
    public String scheduler;

    private SchedulerUnderTest sched;
    /** runtime.GOMAXPROCS(-1) for gmp; the carrier parallelism for jdk. */
    private int gomaxprocs;

    @Setup(Level.Trial)
    public void setup() {
        sched = SchedulerUnderTest.of(scheduler);
        gomaxprocs = sched.parallelism();
    }

    /** Go's BenchmarkCreateGoroutines: benchmarkCreateGoroutines(b, 1). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void createGoroutines() throws InterruptedException {
        run(1);
    }

    /** Go's BenchmarkCreateGoroutinesParallel: benchmarkCreateGoroutines(b, GOMAXPROCS). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void createGoroutinesParallel() throws InterruptedException {
        run(gomaxprocs);
    }

    private void run(int procs) throws InterruptedException {
        CountDownLatch c = new CountDownLatch(procs);
        for (int i = 0; i < procs; i++) {
            int n = BATCH / procs;
            sched.go(() -> f(n, c));
        }
        sched.await(c, "CreateGoroutines(procs=" + procs + ")");
    }

    /** Go's f: runs in each goroutine of a chain; starts the next one or signals the end. */
    private void f(int n, CountDownLatch c) {
        if (n == 0) {
            c.countDown();
            return;
        }
        sched.go(() -> f(n - 1, c));
    }
}
