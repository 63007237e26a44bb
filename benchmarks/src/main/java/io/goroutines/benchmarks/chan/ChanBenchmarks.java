package io.goroutines.benchmarks.chan;

import io.goroutines.benchmarks.support.Group;
import io.goroutines.benchmarks.support.RunParallel;

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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * Ports of the channel benchmarks of Go's src/runtime/chan_test.go that use no
 * select: BenchmarkChanUncontended, BenchmarkChanContended, BenchmarkChanSync,
 * BenchmarkChanProdCons{0,10,100}, BenchmarkChanProdConsWork{0,10,100},
 * BenchmarkChanCreation and BenchmarkChanSem. Each method is named after its Go
 * original (without "Benchmark") and quotes it. The select ones are in
 * SelectBenchmarks.
 *
 * impl (see ChanUnderTest): goroutines = our Chan on Go.go goroutines; jox = Jox
 * channels on JDK virtual threads; jdk = SynchronousQueue (capacity 0) or
 * ArrayBlockingQueue (capacity n) on JDK virtual threads.
 *
 * How Go's b.N maps to JMH: each invocation runs a fixed b.N (the N_* constants)
 * and @OperationsPerInvocation(N) divides by it, so the score is Go's ns/op with
 * Go's meaning of "op", which differs per benchmark: for ChanUncontended and
 * ChanContended one op is 100 sends + 100 receives, for ChanSync one op is one
 * goroutine's receive + send, for ProdCons one value through the channel, for
 * ChanCreation a make + send + receive. The N_* constants make an invocation take
 * milliseconds on the reference machine.
 *
 * Who does the work: every channel operation happens on a goroutine (impl=goroutines)
 * or virtual thread (jox, jdk), never on the JMH thread, which is a platform thread
 * and only waits (Group, 60 s bound so a hang fails the iteration). b.RunParallel is
 * emulated by RunParallel: GOMAXPROCS goroutines sharing b.N through Go's PB.Next
 * grain scheme. GOMAXPROCS is our runtime's for goroutines and the parallelism of the
 * JDK's virtual-thread scheduler for jox and jdk (both default to the number of
 * processors, 2 on the reference machine, as Go's does).
 *
 * Differences from Go:
 * - Go's done channel `c` (and its <-c in the benchmark goroutine) is a
 *   CountDownLatch awaited by the JMH thread, the same for every impl.
 * - Go sends the int 0 / 1 and struct{}{}; Jox and the JDK's queues reject null, so
 *   every impl sends boxed constants (no allocation), ours included.
 * - Go creates its channels once per b.N run; here once per invocation (a few per
 *   million operations).
 * - ProdConsWork's local work (foo *= 2; foo /= 2) starts from a field the JIT
 *   cannot see as constant: from a constant 0, C2's optimistic constant propagation
 *   could fold the loop away (Go's compiler does not).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChanBenchmarks {

    /** Go's {@code const C = 100} of ChanUncontended / ChanContended. */
    static final int C = 100;
    /** Go's {@code const CallsPerSched = 1000} of ChanSync and ProdCons. */
    static final int CALLS_PER_SCHED = 1000;

    /** b.N per invocation; an op is 100 sends + 100 receives. */
    static final int N_UNCONTENDED = 2_000;
    static final int N_CONTENDED = 2_000;
    /** b.N of ChanSync: a multiple of CALLS_PER_SCHED * 2 so that none is lost to Go's rounding. */
    static final int N_SYNC = 20_000;
    /** b.N of ProdCons: a multiple of CALLS_PER_SCHED. */
    static final int N_PROD_CONS = 50_000;
    static final int N_CREATION = 200_000;
    static final int N_SEM = 200_000;

    /** Go's {@code 0} and {@code 1}, and {@code Empty{}}: shared constants, never null. */
    static final Integer ZERO = 0;
    static final Integer ONE = 1;
    static final Object EMPTY = new Object();

    @Param({"goroutines", "jox", "jdk"})
    public String impl;

    /** Start value of the ProdCons work loop's {@code foo}: 0, but not a constant to the JIT. */
    public int fooSeed;

    /** Where the ProdCons goroutines leave {@code foo == 42}, Go's {@code c <- foo == 42}. */
    static volatile boolean sink;

    private ChanUnderTest chans;

    @Setup(Level.Trial)
    public void setup() {
        chans = ChanUnderTest.of(impl);
    }

    /**
     * <pre>
     * func BenchmarkChanUncontended(b *testing.B) {
     *     const C = 100
     *     b.RunParallel(func(pb *testing.PB) {
     *         myc := make(chan int, C)
     *         for pb.Next() {
     *             for i := 0; i < C; i++ { myc <- 0 }
     *             for i := 0; i < C; i++ { <-myc }
     *         }
     *     })
     * }
     * </pre>
     */
    @Benchmark
    @OperationsPerInvocation(N_UNCONTENDED)
    public void chanUncontended() throws InterruptedException {
        RunParallel.run(chans, "ChanUncontended", N_UNCONTENDED, pb -> {
            BenchChan<Integer> myc = chans.make(C);
            while (pb.next()) {
                for (int i = 0; i < C; i++) {
                    myc.send(ZERO);
                }
                for (int i = 0; i < C; i++) {
                    myc.recv();
                }
            }
        });
    }

    /**
     * <pre>
     * func BenchmarkChanContended(b *testing.B) {
     *     const C = 100
     *     myc := make(chan int, C*runtime.GOMAXPROCS(0))
     *     b.RunParallel(func(pb *testing.PB) {
     *         for pb.Next() {
     *             for i := 0; i < C; i++ { myc <- 0 }
     *             for i := 0; i < C; i++ { <-myc }
     *         }
     *     })
     * }
     * </pre>
     */
    @Benchmark
    @OperationsPerInvocation(N_CONTENDED)
    public void chanContended() throws InterruptedException {
        BenchChan<Integer> myc = chans.make(C * chans.procs());
        RunParallel.run(chans, "ChanContended", N_CONTENDED, pb -> {
            while (pb.next()) {
                for (int i = 0; i < C; i++) {
                    myc.send(ZERO);
                }
                for (int i = 0; i < C; i++) {
                    myc.recv();
                }
            }
        });
    }

    /**
     * <pre>
     * func BenchmarkChanSync(b *testing.B) {
     *     const CallsPerSched = 1000
     *     procs := 2
     *     N := int32(b.N / CallsPerSched / procs * procs)
     *     c := make(chan bool, procs)
     *     myc := make(chan int)
     *     for p := 0; p < procs; p++ {
     *         go func() {
     *             for {
     *                 i := atomic.AddInt32(&amp;N, -1)
     *                 if i < 0 { break }
     *                 for g := 0; g < CallsPerSched; g++ {
     *                     if i%2 == 0 { <-myc; myc <- 0 } else { myc <- 0; <-myc }
     *                 }
     *             }
     *             c <- true
     *         }()
     *     }
     *     for p := 0; p < procs; p++ { <-c }
     * }
     * </pre>
     * procs is 2 whatever GOMAXPROCS is, as in Go.
     */
    @Benchmark
    @OperationsPerInvocation(N_SYNC)
    public void chanSync() throws InterruptedException {
        int procs = 2;
        AtomicInteger n = new AtomicInteger(N_SYNC / CALLS_PER_SCHED / procs * procs);
        BenchChan<Integer> myc = chans.make(0);
        Group c = new Group(chans, "ChanSync", procs);
        for (int p = 0; p < procs; p++) {
            c.go(() -> {
                for (;;) {
                    int i = n.decrementAndGet();
                    if (i < 0) {
                        break;
                    }
                    for (int g = 0; g < CALLS_PER_SCHED; g++) {
                        if (i % 2 == 0) {
                            myc.recv();
                            myc.send(ZERO);
                        } else {
                            myc.send(ZERO);
                            myc.recv();
                        }
                    }
                }
            });
        }
        c.await();
    }

    /**
     * <pre>
     * func benchmarkChanProdCons(b *testing.B, chanSize, localWork int) {
     *     const CallsPerSched = 1000
     *     procs := runtime.GOMAXPROCS(-1)
     *     N := int32(b.N / CallsPerSched)
     *     c := make(chan bool, 2*procs)
     *     myc := make(chan int, chanSize)
     *     for p := 0; p < procs; p++ {
     *         go func() {
     *             foo := 0
     *             for atomic.AddInt32(&amp;N, -1) >= 0 {
     *                 for g := 0; g < CallsPerSched; g++ {
     *                     for i := 0; i < localWork; i++ { foo *= 2; foo /= 2 }
     *                     myc <- 1
     *                 }
     *             }
     *             myc <- 0
     *             c <- foo == 42
     *         }()
     *         go func() {
     *             foo := 0
     *             for {
     *                 v := <-myc
     *                 if v == 0 { break }
     *                 for i := 0; i < localWork; i++ { foo *= 2; foo /= 2 }
     *             }
     *             c <- foo == 42
     *         }()
     *     }
     *     for p := 0; p < procs; p++ { <-c; <-c }
     * }
     * </pre>
     */
    private void chanProdCons(int chanSize, int localWork, String what) throws InterruptedException {
        int procs = chans.procs();
        AtomicInteger n = new AtomicInteger(N_PROD_CONS / CALLS_PER_SCHED);
        BenchChan<Integer> myc = chans.make(chanSize);
        int seed = fooSeed;
        Group c = new Group(chans, what, 2 * procs);
        for (int p = 0; p < procs; p++) {
            c.go(() -> {
                int foo = seed;
                while (n.decrementAndGet() >= 0) {
                    for (int g = 0; g < CALLS_PER_SCHED; g++) {
                        for (int i = 0; i < localWork; i++) {
                            foo *= 2;
                            foo /= 2;
                        }
                        myc.send(ONE);
                    }
                }
                myc.send(ZERO);
                sink = foo == 42;
            });
            c.go(() -> {
                int foo = seed;
                for (;;) {
                    int v = myc.recv();
                    if (v == 0) {
                        break;
                    }
                    for (int i = 0; i < localWork; i++) {
                        foo *= 2;
                        foo /= 2;
                    }
                }
                sink = foo == 42;
            });
        }
        c.await();
    }

    /** Go's BenchmarkChanProdCons0: {@code benchmarkChanProdCons(b, 0, 0)}. */
    @Benchmark
    @OperationsPerInvocation(N_PROD_CONS)
    public void chanProdCons0() throws InterruptedException {
        chanProdCons(0, 0, "ChanProdCons0");
    }

    /** Go's BenchmarkChanProdCons10: {@code benchmarkChanProdCons(b, 10, 0)}. */
    @Benchmark
    @OperationsPerInvocation(N_PROD_CONS)
    public void chanProdCons10() throws InterruptedException {
        chanProdCons(10, 0, "ChanProdCons10");
    }

    /** Go's BenchmarkChanProdCons100: {@code benchmarkChanProdCons(b, 100, 0)}. */
    @Benchmark
    @OperationsPerInvocation(N_PROD_CONS)
    public void chanProdCons100() throws InterruptedException {
        chanProdCons(100, 0, "ChanProdCons100");
    }

    /** Go's BenchmarkChanProdConsWork0: {@code benchmarkChanProdCons(b, 0, 100)}. */
    @Benchmark
    @OperationsPerInvocation(N_PROD_CONS)
    public void chanProdConsWork0() throws InterruptedException {
        chanProdCons(0, 100, "ChanProdConsWork0");
    }

    /** Go's BenchmarkChanProdConsWork10: {@code benchmarkChanProdCons(b, 10, 100)}. */
    @Benchmark
    @OperationsPerInvocation(N_PROD_CONS)
    public void chanProdConsWork10() throws InterruptedException {
        chanProdCons(10, 100, "ChanProdConsWork10");
    }

    /** Go's BenchmarkChanProdConsWork100: {@code benchmarkChanProdCons(b, 100, 100)}. */
    @Benchmark
    @OperationsPerInvocation(N_PROD_CONS)
    public void chanProdConsWork100() throws InterruptedException {
        chanProdCons(100, 100, "ChanProdConsWork100");
    }

    /**
     * <pre>
     * func BenchmarkChanCreation(b *testing.B) {
     *     b.RunParallel(func(pb *testing.PB) {
     *         for pb.Next() {
     *             myc := make(chan int, 1)
     *             myc <- 0
     *             <-myc
     *         }
     *     })
     * }
     * </pre>
     */
    @Benchmark
    @OperationsPerInvocation(N_CREATION)
    public void chanCreation() throws InterruptedException {
        RunParallel.run(chans, "ChanCreation", N_CREATION, pb -> {
            while (pb.next()) {
                BenchChan<Integer> myc = chans.make(1);
                myc.send(ZERO);
                myc.recv();
            }
        });
    }

    /**
     * <pre>
     * func BenchmarkChanSem(b *testing.B) {
     *     type Empty struct{}
     *     myc := make(chan Empty, runtime.GOMAXPROCS(0))
     *     b.RunParallel(func(pb *testing.PB) {
     *         for pb.Next() {
     *             myc <- Empty{}
     *             <-myc
     *         }
     *     })
     * }
     * </pre>
     */
    @Benchmark
    @OperationsPerInvocation(N_SEM)
    public void chanSem() throws InterruptedException {
        BenchChan<Object> myc = chans.make(chans.procs());
        RunParallel.run(chans, "ChanSem", N_SEM, pb -> {
            while (pb.next()) {
                myc.send(EMPTY);
                myc.recv();
            }
        });
    }
}
