package io.goroutines.benchmarks.sync;

import io.goroutines.benchmarks.support.Group;
import io.goroutines.benchmarks.sync.SyncUnderTest.BenchSemaphore;

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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/*
 * Ports of x/sync's semaphore benchmarks (golang.org/x/sync semaphore/semaphore_bench_test.go,
 * unchanged from v0.7.0 to v0.19.0): BenchmarkNewSeq and BenchmarkAcquireSeq, the
 * sub-benchmarks of the Weighted type (Go's file also runs a channel-based mock,
 * semChan, for comparison; it is not ported). Go's sub-benchmark names are rebuilt from
 * the method and its parameters by run-sync.sh:
 *
 *   newSeq,        cap=C                 NewSeq/Weighted-C
 *   acquireSeq,    shape=CAP-SIZE-N      AcquireSeq/Weighted-acquire-CAP-SIZE-N
 *   tryAcquireSeq, shape=CAP-SIZE-N      AcquireSeq/Weighted-tryAcquire-CAP-SIZE-N
 *
 * impl (see SyncUnderTest): goroutines = our io.goroutines.sync.Semaphore, acquired with
 * Context.background() as x/sync's benchmarks pass context.Background(); jdk =
 * java.util.concurrent.Semaphore (non-fair), acquireUninterruptibly / tryAcquire / release
 * with the same counts. Both on one goroutine (one JDK virtual thread for jdk), never the
 * JMH thread, which only waits.
 *
 * These are sequential benchmarks: one goroutine, b.N iterations, nothing ever waits
 * (every shape fits: SIZE x N <= CAP), so they measure the uncontended paths. One op is
 * what Go's loop body does once: N acquires of SIZE then N releases of SIZE (acquireN /
 * tryAcquireN), or one NewWeighted(CAP).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SemaphoreBenchmarks {

    /** b.N per invocation: an op is tens of ns, so an invocation takes a few ms. */
    static final int N_SEQ = 200_000;

    @Param({"goroutines", "jdk"})
    public String impl;

    private SyncUnderTest sync;

    /**
     * Where newSeq leaves each new semaphore: a plain static write, so that the
     * allocation is not optimized away (Go's {@code _ = NewWeighted(cap)} may keep it on
     * the stack; see newSeq).
     */
    static Object sink;

    /** Go's {@code cap} of BenchmarkNewSeq. */
    @State(Scope.Benchmark)
    public static class NewSeqParams {
        @Param({"1", "128"})
        public long cap;
    }

    /**
     * Go's table of BenchmarkAcquireSeq as CAP-SIZE-N: a semaphore of CAP, N acquires of
     * SIZE each, then N releases.
     */
    @State(Scope.Benchmark)
    public static class AcquireSeqParams {
        @Param({"1-1-1", "2-1-1", "16-1-1", "128-1-1", "2-2-1", "16-2-8", "128-2-64", "2-1-2", "16-8-2", "128-64-2"})
        public String shape;

        long cap;
        long size;
        int n;

        @Setup(Level.Trial)
        public void parse() {
            String[] p = shape.split("-");
            cap = Long.parseLong(p[0]);
            size = Long.parseLong(p[1]);
            n = Integer.parseInt(p[2]);
        }
    }

    /** Picks the implementation and runs a semaphore's operations once (see {@link SyncUnderTest#check}). */
    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) throws InterruptedException {
        sync = SyncUnderTest.of(impl);
        String benchmark = params.getBenchmark();
        sync.check(benchmark.substring(benchmark.lastIndexOf('.') + 1));
    }

    /** Runs {@code body} once on one goroutine (or virtual thread) and waits for it. */
    private void onOneGoroutine(String what, Group.Task body) throws InterruptedException {
        Group g = new Group(sync, what, 1);
        g.go(body);
        g.await();
    }

    /**
     * <pre>
     * func BenchmarkNewSeq(b *testing.B) {
     *     for _, cap := range []int64{1, 128} {
     *         b.Run(fmt.Sprintf("Weighted-%d", cap), func(b *testing.B) {
     *             for i := 0; i &lt; b.N; i++ {
     *                 _ = semaphore.NewWeighted(cap)
     *             }
     *         })
     *         ...
     *     }
     * }
     * </pre>
     * One op: making a semaphore. Ours is the API object and the runtime's; the JDK's is
     * a Semaphore and its Sync. Each is stored in a static field so that it is really
     * allocated. Go's compiler drops the unused Weighted altogether (Go 1.19 reports
     * about 0.1 ns/op: an empty loop), so ours/Go does not apply to this row; compare it
     * with the JDK.
     */
    @Benchmark
    @OperationsPerInvocation(N_SEQ)
    public void newSeq(NewSeqParams p) throws InterruptedException {
        SyncUnderTest sync = this.sync;
        long cap = p.cap;
        onOneGoroutine("NewSeq/Weighted-" + cap, () -> {
            for (int i = 0; i < N_SEQ; i++) {
                sink = sync.newSemaphore(cap);
            }
        });
    }

    /**
     * x/sync's acquireN for the Weighted rows of BenchmarkAcquireSeq:
     * <pre>
     * func acquireN(b *testing.B, sem weighted, size int64, N int) {
     *     b.ResetTimer()
     *     for i := 0; i &lt; b.N; i++ {
     *         for j := 0; j &lt; N; j++ {
     *             sem.Acquire(context.Background(), size)
     *         }
     *         for j := 0; j &lt; N; j++ {
     *             sem.Release(size)
     *         }
     *     }
     * }
     * </pre>
     * The semaphore is made once per invocation (Go: once per sub-benchmark).
     */
    @Benchmark
    @OperationsPerInvocation(N_SEQ)
    public void acquireSeq(AcquireSeqParams p) throws InterruptedException {
        seq("acquire", p, false);
    }

    /**
     * x/sync's tryAcquireN for the Weighted rows of BenchmarkAcquireSeq: acquireN with
     * <pre>
     *             if !sem.TryAcquire(size) {
     *                 b.Fatalf("TryAcquire(%v) = false, want true", size)
     *             }
     * </pre>
     * in place of the Acquire.
     */
    @Benchmark
    @OperationsPerInvocation(N_SEQ)
    public void tryAcquireSeq(AcquireSeqParams p) throws InterruptedException {
        seq("tryAcquire", p, true);
    }

    /** The loop of acquireN ({@code tryAcquire} false) and tryAcquireN (true). */
    private void seq(String op, AcquireSeqParams p, boolean tryAcquire) throws InterruptedException {
        BenchSemaphore sem = sync.newSemaphore(p.cap);
        long size = p.size;
        int n = p.n;
        onOneGoroutine("AcquireSeq/Weighted-" + op + "-" + p.shape, () -> {
            for (int i = 0; i < N_SEQ; i++) {
                for (int j = 0; j < n; j++) {
                    if (!tryAcquire) {
                        sem.acquire(size);
                    } else if (!sem.tryAcquire(size)) {
                        throw new IllegalStateException("tryAcquire(" + size + ") = false, want true");
                    }
                }
                for (int j = 0; j < n; j++) {
                    sem.release(size);
                }
            }
        });
    }
}
