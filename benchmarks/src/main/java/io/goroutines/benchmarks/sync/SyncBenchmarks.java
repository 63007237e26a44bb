package io.goroutines.benchmarks.sync;

import io.goroutines.benchmarks.support.Group;
import io.goroutines.benchmarks.support.RunParallel;
import io.goroutines.benchmarks.sync.SyncUnderTest.BenchCond;
import io.goroutines.benchmarks.sync.SyncUnderTest.BenchMutex;
import io.goroutines.benchmarks.sync.SyncUnderTest.BenchOnce;
import io.goroutines.benchmarks.sync.SyncUnderTest.BenchRWMutex;
import io.goroutines.benchmarks.sync.SyncUnderTest.BenchWaitGroup;

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
import java.util.function.Supplier;

/*
 * Ports of the benchmarks of Go's src/sync: from mutex_test.go BenchmarkMutexUncontended,
 * BenchmarkMutex, BenchmarkMutexSlack and BenchmarkMutexWork; from rwmutex_test.go
 * BenchmarkRWMutexUncontended and BenchmarkRWMutexWrite100; from waitgroup_test.go
 * BenchmarkWaitGroupUncontended and BenchmarkWaitGroupAddDone; from once_test.go
 * BenchmarkOnce; from cond_test.go BenchmarkCond1, 2, 4, 8, 16 and 32 (not a
 * RunParallel benchmark: see benchmarkCond). x/sync's semaphore benchmarks are in
 * SemaphoreBenchmarks. Each method is named after its Go original (without "Benchmark", in
 * lowerCamelCase: rwMutexWrite100 for RWMutexWrite100) and quotes it, as in Go 1.19
 * (the reference machine's GOROOT). The later golang/go sources read for this port
 * have the same names and bodies (newer ones only write `for range localWork`): no
 * renames, no b.Run sub-benchmarks, so run-sync.sh needs no mapping between versions.
 *
 * Go's "sub-shapes" are helpers with parameters, ported as helpers with the same
 * parameters: benchmarkMutex(b, slack, work) (Mutex = false,false; MutexSlack =
 * true,false: b.SetParallelism(10), ten goroutines per P; MutexWork = false,true: 100
 * rounds of local work after each unlock), benchmarkRWMutex(b, localWork, writeRatio)
 * (RWMutexWrite100 = 0,100: every 100th op of a goroutine takes the write lock, the
 * others a read lock) and benchmarkWaitGroupAddDone(b, localWork) (WaitGroupAddDone =
 * 0). The sibling benchmarks Go builds from the same helpers (MutexWorkSlack,
 * RWMutexWrite10, RWMutexWorkWrite100/10, WaitGroupAddDoneWork) are one line each
 * should they be wanted.
 *
 * impl (see SyncUnderTest): goroutines = our io.goroutines.sync types on Go.go
 * goroutines; jdk = ReentrantLock, ReentrantReadWriteLock, a Phaser as WaitGroup and
 * a double-checked volatile flag as Once, on JDK virtual threads.
 *
 * What one op is. Every one of these is a b.RunParallel benchmark: GOMAXPROCS
 * goroutines (times 10 for MutexSlack) share b.N iterations of the body's
 * `for pb.Next() { ... }` loop, and Go reports the wall time divided by b.N. Here an
 * invocation is one RunParallel.run (Go's PB.Next grain scheme, support.RunParallel)
 * over N_* iterations, and @OperationsPerInvocation(N_*) divides by the same N_*, so
 * the score is Go's ns/op: wall ns per loop iteration, all goroutines together (on 2
 * Ps an uncontended op of 10 ns per goroutine shows as about 5). The N_* constants
 * make an invocation last milliseconds, so that starting the goroutines (tens of µs)
 * stays near 1%.
 *
 * Who does the work: every lock, Add, Done, Wait and Do happens on a goroutine
 * (impl=goroutines) or virtual thread (jdk), never on the JMH thread, which is a
 * platform thread and only waits (Group, 60 s bound so a hang fails the iteration).
 *
 * Differences from Go:
 * - Go's Padded* types (a 128-byte pad after the lock, so that the per-goroutine locks
 *   of the Uncontended benchmarks never share a cache line) become padded(...): the
 *   goroutine allocates 128 bytes, the lock, 128 bytes, in that order. Java cannot add
 *   a field to a type it does not own; allocation order keeps the locks apart in the
 *   TLABs, and nothing is allocated during an invocation to trigger a GC that could
 *   move them together.
 * - The locks, groups and Once are made once per invocation, Go's once per b.N run.
 * - Local work: Go writes `foo *= 2; foo /= 2` 100 times and then `_ = foo`. Go 1.19's
 *   compiler drops the dead arithmetic: in BenchmarkMutexWork the loop compiles to an
 *   empty counted loop (`go tool objdump` of the sync test binary: INCQ / CMPQ $0x64 /
 *   JL), about 100 cycles. C2 would drop the empty loop as well, so the port keeps the
 *   source's arithmetic alive instead (foo starts from a field the JIT cannot fold and
 *   ends in the volatile sink): MutexWork here does the 100 multiply/divide rounds Go's
 *   source asks for, a few hundred cycles per op more than Go 1.19's binary does. Compare
 *   MutexWork between ours and JDK freely; against Go, read it with that in mind.
 * - foo and the write ratio are longs, as Go's int: RWMutexWrite100's foo % writeRatio
 *   is a 64-bit division by a value the compiler does not know, in both (Go: IDIVQ).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SyncBenchmarks {

    /**
     * b.N per invocation of the benchmarks whose goroutines each use their own
     * primitive (MutexUncontended, RWMutexUncontended, WaitGroupUncontended): a few to
     * about 15 ns per op in Go on two Ps, so 5 to 15 ms per invocation.
     */
    static final int N_UNCONTENDED = 1_000_000;
    /**
     * b.N of those that share one primitive (Mutex, MutexSlack, RWMutexWrite100,
     * WaitGroupAddDone): tens of ns per op in Go, more where waiters park.
     */
    static final int N_CONTENDED = 200_000;
    /** b.N of MutexWork: lock, unlock and 100 rounds of local work per op. */
    static final int N_WORK = 100_000;
    /** b.N of Once: a load and a compare per op once done, about a ns. */
    static final int N_ONCE = 10_000_000;

    /** Go's {@code b.SetParallelism(10)} of benchmarkMutex with slack. */
    static final int SLACK_PARALLELISM = 10;
    /** Rounds of {@code foo *= 2; foo /= 2} in benchmarkMutex with work (Go's literal 100). */
    static final int MUTEX_LOCAL_WORK = 100;
    /** Go's {@code [128]uint8} pad of PaddedMutex and PaddedWaitGroup ({@code [32]uint32} of PaddedRWMutex): 16 longs. */
    static final int PAD_LONGS = 128 / Long.BYTES;

    @Param({"goroutines", "jdk"})
    public String impl;

    /** Start value of the local work's {@code foo}: 0, but not a constant to the JIT. */
    public long fooSeed;

    /** Where each goroutine leaves {@code foo == 42} at its end: keeps the local work alive. */
    static volatile boolean sink;
    /** Where padded(...) publishes a lock and its pads: they escape, as Go's do (lockSlow takes &m). */
    static volatile Object escape;

    private SyncUnderTest sync;

    /**
     * Picks the implementation and runs the benchmark's operations once (see
     * {@link SyncUnderTest#check}), so that an unimplemented or broken primitive
     * fails the trial here rather than in the measured goroutines.
     */
    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) throws InterruptedException {
        sync = SyncUnderTest.of(impl);
        String benchmark = params.getBenchmark();
        sync.check(benchmark.substring(benchmark.lastIndexOf('.') + 1));
    }

    /**
     * Makes a primitive the way Go's Padded* types lay it out: 128 bytes of padding
     * before and after it in allocation order, so that two goroutines' primitives do
     * not share a cache line (see the class comment). Called by the goroutine that
     * will use the primitive, so that it lands in that goroutine's allocation buffer.
     */
    private static <T> T padded(Supplier<T> make) {
        long[] before = new long[PAD_LONGS];
        T value = make.get();
        long[] after = new long[PAD_LONGS];
        escape = new Object[] {before, value, after};
        return value;
    }

    // ---- mutex_test.go ---------------------------------------------------------------

    /**
     * <pre>
     * func BenchmarkMutexUncontended(b *testing.B) {
     *     type PaddedMutex struct {
     *         Mutex
     *         pad [128]uint8
     *     }
     *     b.RunParallel(func(pb *testing.PB) {
     *         var mu PaddedMutex
     *         for pb.Next() {
     *             mu.Lock()
     *             mu.Unlock()
     *         }
     *     })
     * }
     * </pre>
     * One op: a Lock and an Unlock of the goroutine's own mutex: the fast paths, no
     * contention.
     */
    @Benchmark
    @OperationsPerInvocation(N_UNCONTENDED)
    public void mutexUncontended() throws InterruptedException {
        SyncUnderTest sync = this.sync;
        RunParallel.run(sync, "MutexUncontended", N_UNCONTENDED, pb -> {
            BenchMutex mu = padded(sync::newMutex);
            while (pb.next()) {
                mu.lock();
                mu.unlock();
            }
        });
    }

    /**
     * Go's helper of BenchmarkMutex, BenchmarkMutexSlack and BenchmarkMutexWork:
     * <pre>
     * func benchmarkMutex(b *testing.B, slack, work bool) {
     *     var mu Mutex
     *     if slack {
     *         b.SetParallelism(10)
     *     }
     *     b.RunParallel(func(pb *testing.PB) {
     *         foo := 0
     *         for pb.Next() {
     *             mu.Lock()
     *             mu.Unlock()
     *             if work {
     *                 for i := 0; i < 100; i++ {
     *                     foo *= 2
     *                     foo /= 2
     *                 }
     *             }
     *         }
     *         _ = foo
     *     })
     * }
     * </pre>
     * {@code _ = foo} becomes {@code sink = foo == 42}: see the class comment on local
     * work.
     */
    private void benchmarkMutex(String what, int n, boolean slack, boolean work) throws InterruptedException {
        BenchMutex mu = sync.newMutex();
        long seed = fooSeed;
        RunParallel.run(sync, what, n, slack ? SLACK_PARALLELISM : 1, pb -> {
            long foo = seed;
            while (pb.next()) {
                mu.lock();
                mu.unlock();
                if (work) {
                    for (int i = 0; i < MUTEX_LOCAL_WORK; i++) {
                        foo *= 2;
                        foo /= 2;
                    }
                }
            }
            sink = foo == 42;
        });
    }

    /**
     * <pre>
     * func BenchmarkMutex(b *testing.B) {
     *     benchmarkMutex(b, false, false)
     * }
     * </pre>
     * One op: a Lock and an Unlock of one mutex shared by GOMAXPROCS goroutines, back
     * to back: as contended as a mutex gets.
     */
    @Benchmark
    @OperationsPerInvocation(N_CONTENDED)
    public void mutex() throws InterruptedException {
        benchmarkMutex("Mutex", N_CONTENDED, false, false);
    }

    /**
     * <pre>
     * func BenchmarkMutexSlack(b *testing.B) {
     *     benchmarkMutex(b, true, false)
     * }
     * </pre>
     * One op: as Mutex, but shared by 10 x GOMAXPROCS goroutines (b.SetParallelism(10)):
     * more goroutines than Ps, so waiters park and the unlocker must wake them.
     */
    @Benchmark
    @OperationsPerInvocation(N_CONTENDED)
    public void mutexSlack() throws InterruptedException {
        benchmarkMutex("MutexSlack", N_CONTENDED, true, false);
    }

    /**
     * <pre>
     * func BenchmarkMutexWork(b *testing.B) {
     *     benchmarkMutex(b, false, true)
     * }
     * </pre>
     * One op: as Mutex, then 100 rounds of local work outside the lock (live here, dead
     * code in Go 1.19's binary: see the class comment), so that goroutines also find
     * the mutex free.
     */
    @Benchmark
    @OperationsPerInvocation(N_WORK)
    public void mutexWork() throws InterruptedException {
        benchmarkMutex("MutexWork", N_WORK, false, true);
    }

    // ---- rwmutex_test.go -------------------------------------------------------------

    /**
     * <pre>
     * func BenchmarkRWMutexUncontended(b *testing.B) {
     *     type PaddedRWMutex struct {
     *         RWMutex
     *         pad [32]uint32
     *     }
     *     b.RunParallel(func(pb *testing.PB) {
     *         var rwm PaddedRWMutex
     *         for pb.Next() {
     *             rwm.RLock()
     *             rwm.RLock()
     *             rwm.RUnlock()
     *             rwm.RUnlock()
     *             rwm.Lock()
     *             rwm.Unlock()
     *         }
     *     })
     * }
     * </pre>
     * One op: two nested read locks and a write lock of the goroutine's own RWMutex,
     * no contention. (Nested read locking is safe here: no writer ever waits.)
     */
    @Benchmark
    @OperationsPerInvocation(N_UNCONTENDED)
    public void rwMutexUncontended() throws InterruptedException {
        SyncUnderTest sync = this.sync;
        RunParallel.run(sync, "RWMutexUncontended", N_UNCONTENDED, pb -> {
            BenchRWMutex rwm = padded(sync::newRWMutex);
            while (pb.next()) {
                rwm.rLock();
                rwm.rLock();
                rwm.rUnlock();
                rwm.rUnlock();
                rwm.lock();
                rwm.unlock();
            }
        });
    }

    /**
     * Go's helper of the BenchmarkRWMutex{,Work}Write{100,10} family:
     * <pre>
     * func benchmarkRWMutex(b *testing.B, localWork, writeRatio int) {
     *     var rwm RWMutex
     *     b.RunParallel(func(pb *testing.PB) {
     *         foo := 0
     *         for pb.Next() {
     *             foo++
     *             if foo%writeRatio == 0 {
     *                 rwm.Lock()
     *                 rwm.Unlock()
     *             } else {
     *                 rwm.RLock()
     *                 for i := 0; i != localWork; i += 1 {
     *                     foo *= 2
     *                     foo /= 2
     *                 }
     *                 rwm.RUnlock()
     *             }
     *         }
     *         _ = foo
     *     })
     * }
     * </pre>
     * writeRatio reaches the loop as a captured value, not a constant, in both
     * languages: foo % writeRatio is a real division (see the class comment).
     */
    private void benchmarkRWMutex(String what, int n, long localWork, long writeRatio) throws InterruptedException {
        BenchRWMutex rwm = sync.newRWMutex();
        long seed = fooSeed;
        RunParallel.run(sync, what, n, pb -> {
            long foo = seed;
            while (pb.next()) {
                foo++;
                if (foo % writeRatio == 0) {
                    rwm.lock();
                    rwm.unlock();
                } else {
                    rwm.rLock();
                    for (long i = 0; i != localWork; i += 1) {
                        foo *= 2;
                        foo /= 2;
                    }
                    rwm.rUnlock();
                }
            }
            sink = foo == 42;
        });
    }

    /**
     * <pre>
     * func BenchmarkRWMutexWrite100(b *testing.B) {
     *     benchmarkRWMutex(b, 0, 100)
     * }
     * </pre>
     * One op: a read lock and unlock of one RWMutex shared by GOMAXPROCS goroutines,
     * except every 100th op of each goroutine, which takes and releases the write lock
     * (and so waits for the readers in, and holds off new ones).
     */
    @Benchmark
    @OperationsPerInvocation(N_CONTENDED)
    public void rwMutexWrite100() throws InterruptedException {
        benchmarkRWMutex("RWMutexWrite100", N_CONTENDED, 0, 100);
    }

    // ---- waitgroup_test.go -----------------------------------------------------------

    /**
     * <pre>
     * func BenchmarkWaitGroupUncontended(b *testing.B) {
     *     type PaddedWaitGroup struct {
     *         WaitGroup
     *         pad [128]uint8
     *     }
     *     b.RunParallel(func(pb *testing.PB) {
     *         var wg PaddedWaitGroup
     *         for pb.Next() {
     *             wg.Add(1)
     *             wg.Done()
     *             wg.Wait()
     *         }
     *     })
     * }
     * </pre>
     * One op: Add(1), Done and a Wait that finds the counter at zero, on the
     * goroutine's own WaitGroup.
     */
    @Benchmark
    @OperationsPerInvocation(N_UNCONTENDED)
    public void waitGroupUncontended() throws InterruptedException {
        SyncUnderTest sync = this.sync;
        RunParallel.run(sync, "WaitGroupUncontended", N_UNCONTENDED, pb -> {
            BenchWaitGroup wg = padded(sync::newWaitGroup);
            while (pb.next()) {
                wg.add(1);
                wg.done();
                wg.await();
            }
        });
    }

    /**
     * Go's helper of BenchmarkWaitGroupAddDone and BenchmarkWaitGroupAddDoneWork:
     * <pre>
     * func benchmarkWaitGroupAddDone(b *testing.B, localWork int) {
     *     var wg WaitGroup
     *     b.RunParallel(func(pb *testing.PB) {
     *         foo := 0
     *         for pb.Next() {
     *             wg.Add(1)
     *             for i := 0; i < localWork; i++ {
     *                 foo *= 2
     *                 foo /= 2
     *             }
     *             wg.Done()
     *         }
     *         _ = foo
     *     })
     * }
     * </pre>
     */
    private void benchmarkWaitGroupAddDone(String what, int n, long localWork) throws InterruptedException {
        BenchWaitGroup wg = sync.newWaitGroup();
        long seed = fooSeed;
        RunParallel.run(sync, what, n, pb -> {
            long foo = seed;
            while (pb.next()) {
                wg.add(1);
                for (long i = 0; i < localWork; i++) {
                    foo *= 2;
                    foo /= 2;
                }
                wg.done();
            }
            sink = foo == 42;
        });
    }

    /**
     * <pre>
     * func BenchmarkWaitGroupAddDone(b *testing.B) {
     *     benchmarkWaitGroupAddDone(b, 0)
     * }
     * </pre>
     * One op: Add(1) and Done on one WaitGroup shared by GOMAXPROCS goroutines: two
     * contended atomic updates of its counter, nobody waiting.
     */
    @Benchmark
    @OperationsPerInvocation(N_CONTENDED)
    public void waitGroupAddDone() throws InterruptedException {
        benchmarkWaitGroupAddDone("WaitGroupAddDone", N_CONTENDED, 0);
    }

    // ---- once_test.go ----------------------------------------------------------------

    /**
     * <pre>
     * func BenchmarkOnce(b *testing.B) {
     *     var once Once
     *     f := func() {}
     *     b.RunParallel(func(pb *testing.PB) {
     *         for pb.Next() {
     *             once.Do(f)
     *         }
     *     })
     * }
     * </pre>
     * One op: Do on a Once shared by GOMAXPROCS goroutines; all but the first find it
     * done: the fast path, a load of a flag that no longer changes.
     */
    @Benchmark
    @OperationsPerInvocation(N_ONCE)
    public void once() throws InterruptedException {
        BenchOnce once = sync.newOnce();
        Runnable f = () -> { };
        RunParallel.run(sync, "Once", N_ONCE, pb -> {
            while (pb.next()) {
                once.run(f);
            }
        });
    }

    // ---- cond_test.go ----------------------------------------------------------------

    /** b.N of Cond1 and Cond2: a round of 2 or 3 goroutines, each parking once but the last. */
    static final int N_COND_FEW = 50_000;
    /** b.N of Cond4 and Cond8. */
    static final int N_COND_SOME = 20_000;
    /** b.N of Cond16 and Cond32: a round wakes 16 or 32 parked goroutines. */
    static final int N_COND_MANY = 5_000;

    /**
     * Go's helper of BenchmarkCond1 ... BenchmarkCond32:
     * <pre>
     * func benchmarkCond(b *testing.B, waiters int) {
     *     c := NewCond(&amp;Mutex{})
     *     done := make(chan bool)
     *     id := 0
     *
     *     for routine := 0; routine &lt; waiters+1; routine++ {
     *         go func() {
     *             for i := 0; i &lt; b.N; i++ {
     *                 c.L.Lock()
     *                 if id == -1 {
     *                     c.L.Unlock()
     *                     break
     *                 }
     *                 id++
     *                 if id == waiters+1 {
     *                     id = 0
     *                     c.Broadcast()
     *                 } else {
     *                     c.Wait()
     *                 }
     *                 c.L.Unlock()
     *             }
     *             c.L.Lock()
     *             id = -1
     *             c.Broadcast()
     *             c.L.Unlock()
     *             done &lt;- true
     *         }()
     *     }
     *     for routine := 0; routine &lt; waiters+1; routine++ {
     *         &lt;-done
     *     }
     * }
     * </pre>
     * One op is one round: waiters+1 goroutines each take the lock once; all but the
     * last to arrive wait, and the last broadcasts to them. Not a RunParallel benchmark:
     * every goroutine runs all b.N rounds (the first to finish sets id to -1 and
     * releases the others, who stop), and Go divides the wall time by b.N. The
     * goroutines' {@code done <- true} and the receives become the Group's latch, as in
     * the other benchmarks. {@code id} is guarded by the Cond's lock.
     */
    private void benchmarkCond(String what, int n, int waiters) throws InterruptedException {
        BenchCond c = sync.newCond();
        int[] id = {0};
        Group g = new Group(sync, what, waiters + 1);
        for (int routine = 0; routine < waiters + 1; routine++) {
            g.go(() -> {
                for (int i = 0; i < n; i++) {
                    c.lock();
                    if (id[0] == -1) {
                        c.unlock();
                        break;
                    }
                    id[0]++;
                    if (id[0] == waiters + 1) {
                        id[0] = 0;
                        c.broadcast();
                    } else {
                        c.await();
                    }
                    c.unlock();
                }
                c.lock();
                id[0] = -1;
                c.broadcast();
                c.unlock();
            });
        }
        g.await();
    }

    /**
     * <pre>
     * func BenchmarkCond1(b *testing.B) {
     *     benchmarkCond(b, 1)
     * }
     * </pre>
     * One op: a round of 2 goroutines, one waiting and one broadcasting.
     */
    @Benchmark
    @OperationsPerInvocation(N_COND_FEW)
    public void cond1() throws InterruptedException {
        benchmarkCond("Cond1", N_COND_FEW, 1);
    }

    /** Go's {@code BenchmarkCond2}: {@code benchmarkCond(b, 2)}. */
    @Benchmark
    @OperationsPerInvocation(N_COND_FEW)
    public void cond2() throws InterruptedException {
        benchmarkCond("Cond2", N_COND_FEW, 2);
    }

    /** Go's {@code BenchmarkCond4}: {@code benchmarkCond(b, 4)}. */
    @Benchmark
    @OperationsPerInvocation(N_COND_SOME)
    public void cond4() throws InterruptedException {
        benchmarkCond("Cond4", N_COND_SOME, 4);
    }

    /** Go's {@code BenchmarkCond8}: {@code benchmarkCond(b, 8)}. */
    @Benchmark
    @OperationsPerInvocation(N_COND_SOME)
    public void cond8() throws InterruptedException {
        benchmarkCond("Cond8", N_COND_SOME, 8);
    }

    /** Go's {@code BenchmarkCond16}: {@code benchmarkCond(b, 16)}. */
    @Benchmark
    @OperationsPerInvocation(N_COND_MANY)
    public void cond16() throws InterruptedException {
        benchmarkCond("Cond16", N_COND_MANY, 16);
    }

    /** Go's {@code BenchmarkCond32}: {@code benchmarkCond(b, 32)}. */
    @Benchmark
    @OperationsPerInvocation(N_COND_MANY)
    public void cond32() throws InterruptedException {
        benchmarkCond("Cond32", N_COND_MANY, 32);
    }
}
