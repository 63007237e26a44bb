package io.goroutines.benchmarks.time;

import io.goroutines.benchmarks.support.Group;
import io.goroutines.benchmarks.support.RunParallel;

import io.goroutines.time.Timer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/*
 * Ports of the timer benchmarks of Go's src/time/sleep_test.go (BenchmarkAfterFunc,
 * BenchmarkAfter, BenchmarkStop, BenchmarkSimultaneousAfterFunc, BenchmarkStartStop,
 * BenchmarkReset, BenchmarkSleep) and src/time/tick_test.go (BenchmarkTicker), in
 * their Go 1.19 form: the GOROOT of the reference machine (Debian's golang-1.19),
 * whose own figures benchmarks/run-time.sh prints beside ours. Each method is named
 * after its Go original (without "Benchmark") and quotes it.
 *
 * impl (see TimeUnderTest): goroutines = our io.goroutines.time.Time on Go.go
 * goroutines; jdk = a ScheduledThreadPoolExecutor (one thread per processor,
 * remove-on-cancel) and JDK virtual threads, with the JDK idiom for each Go call
 * (afterFunc -> schedule a task that starts a virtual thread, After -> a
 * CompletableFuture completed by a scheduled task, Stop -> cancel, Reset -> cancel +
 * schedule, Sleep -> Thread.sleep in a virtual thread, Ticker -> scheduleAtFixedRate
 * offering to an ArrayBlockingQueue(1)).
 *
 * Go's shape, and what one op is. Every one of these Go benchmarks goes through
 *
 *   func benchmark(b *testing.B, bench func(n int)) {
 *       // Create equal number of garbage timers on each P before starting
 *       // the benchmark.
 *       var wg sync.WaitGroup
 *       garbageAll := make([][]*Timer, runtime.GOMAXPROCS(0))
 *       for i := range garbageAll {
 *           wg.Add(1)
 *           go func(i int) {
 *               defer wg.Done()
 *               garbage := make([]*Timer, 1<<15)
 *               for j := range garbage { garbage[j] = AfterFunc(Hour, nil) }
 *               garbageAll[i] = garbage
 *           }(i)
 *       }
 *       wg.Wait()
 *       b.ResetTimer()
 *       b.RunParallel(func(pb *testing.PB) {
 *           for pb.Next() { bench(1000) }
 *       })
 *       b.StopTimer()
 *       for _, garbage := range garbageAll {
 *           for _, t := range garbage { t.Stop() }
 *       }
 *   }
 *
 * so one Go op is one bench(1000) call: 1000 timer operations (1000 chained
 * AfterFuncs, 1000 <-After(1), 1000 NewTimer+Stop, ...), run by GOMAXPROCS goroutines
 * in parallel. The port keeps that: benchmark(...) below runs N_* ops per JMH
 * invocation through RunParallel (Go's PB.Next grain scheme on GOMAXPROCS goroutines,
 * virtual threads for jdk), and @OperationsPerInvocation(N_*) makes the score Go's
 * ns/op: ns per 1000 timer operations, as Go 1.19 prints it. The 2^15 garbage timers
 * per P (an hour away, never firing; AfterFunc(Hour, nil) in Go, a no-op function
 * here since ours rejects null) are armed by GOMAXPROCS goroutines in
 * @Setup(Level.Trial) and stopped in @TearDown, so that every timer heap the
 * benchmark touches is 32768 deep, as in Go; Go re-creates them for each b.N run,
 * which changes nothing during the measurement.
 *
 * Go 1.23 reshaped these benchmarks (benchmark takes func(*testing.PB); AfterFunc,
 * SimultaneousAfterFunc, StartStop and Sleep became ...1000 with the same op, while
 * After, Stop, Reset and Ticker now count one timer operation per op, and Stop and
 * Reset run as impl=chan / impl=func sub-benchmarks). run-time.sh maps a newer Go's
 * names and ops onto these (see its header); the ports stay in 1.19's shape.
 *
 * Who does the work: every timer call and wait happens on a goroutine (impl=goroutines)
 * or virtual thread (jdk), never on the JMH thread, which is a platform thread and
 * only waits (Group, 60 s bound so a hang fails the iteration). Go's done channel and
 * sync.WaitGroups inside bench are CountDownLatches, the same for both impls.
 *
 * Until io.goroutines.time is implemented, impl=goroutines fails in its set-up (the
 * garbage timers) with "not yet implemented"; impl=jdk runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TimeBenchmarks {

    /** The n of Go's {@code bench(1000)}: timer operations per op. */
    static final int BENCH_N = 1000;
    /** Go's {@code 1<<15}: garbage timers per P. */
    static final int GARBAGE_PER_P = 1 << 15;

    /**
     * Ops per invocation of the benchmarks whose op waits for 1000 timers to fire or
     * 1000 goroutines to run (AfterFunc, After, SimultaneousAfterFunc, Sleep, Ticker):
     * Go 1.19 takes 0.3 to 1 ms per such op, so an invocation takes a few ms, which
     * keeps the start of RunParallel's goroutines (tens of µs) near 1%.
     */
    static final int N_FIRING = 20;
    /**
     * Ops per invocation of those that only arm and disarm (Stop, StartStop, Reset):
     * 20 to 100 µs per op in Go 1.19, so ten times as many ops for the same few ms.
     */
    static final int N_ARMING = 200;

    /** Go's {@code Nanosecond} (After(1), Sleep(Nanosecond), NewTicker(Nanosecond)). */
    static final Duration NANOSECOND = Duration.ofNanos(1);
    static final Duration SECOND = Duration.ofSeconds(1);
    static final Duration HOUR = Duration.ofHours(1);

    /** Go's {@code nil} function of the never-firing AfterFunc(Hour, nil) timers. */
    static final Runnable NOP = () -> { };

    @Param({"goroutines", "jdk"})
    public String impl;

    private TimeUnderTest time;

    /** Go's garbageAll: GARBAGE_PER_P timers per P, armed an hour away. */
    private Timer[][] garbageAll;

    /** Go's {@code bench func(n int)}. */
    @FunctionalInterface
    interface Bench {
        void run(int n) throws Exception;
    }

    /**
     * The garbage timers of Go's benchmark(): GOMAXPROCS goroutines each arm
     * GARBAGE_PER_P timers an hour away ("equal number of garbage timers on each P").
     */
    @Setup(Level.Trial)
    public void setup() throws InterruptedException {
        time = TimeUnderTest.of(impl);
        int procs = time.procs();
        garbageAll = new Timer[procs][];
        Group wg = new Group(time, "garbage timers", procs);
        for (int i = 0; i < procs; i++) {
            int k = i;
            wg.go(() -> {
                Timer[] garbage = new Timer[GARBAGE_PER_P];
                for (int j = 0; j < garbage.length; j++) {
                    garbage[j] = time.afterFunc(HOUR, NOP);
                }
                garbageAll[k] = garbage;
            });
        }
        wg.await();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (garbageAll != null) {
            for (Timer[] garbage : garbageAll) {
                if (garbage != null) {
                    for (Timer t : garbage) {
                        t.stop();
                    }
                }
            }
            garbageAll = null;
        }
        if (time != null) {
            time.close();
            time = null;
        }
    }

    /**
     * The timed part of Go's benchmark(): {@code b.RunParallel(func(pb) { for pb.Next()
     * { bench(1000) } })} with b.N = {@code ops}.
     */
    private void benchmark(String what, int ops, Bench bench) throws InterruptedException {
        RunParallel.run(time, what, ops, pb -> {
            while (pb.next()) {
                bench.run(BENCH_N);
            }
        });
    }

    /**
     * <pre>
     * func BenchmarkAfterFunc(b *testing.B) {
     *     benchmark(b, func(n int) {
     *         c := make(chan bool)
     *         var f func()
     *         f = func() {
     *             n--
     *             if n >= 0 {
     *                 AfterFunc(0, f)
     *             } else {
     *                 c <- true
     *             }
     *         }
     *         AfterFunc(0, f)
     *         <-c
     *     })
     * }
     * </pre>
     * One op: 1001 zero-delay AfterFuncs in a chain, each firing f in a new goroutine
     * (virtual thread for jdk) that arms the next.
     */
    @Benchmark
    @OperationsPerInvocation(N_FIRING)
    public void afterFunc() throws InterruptedException {
        benchmark("AfterFunc", N_FIRING, n -> {
            CountDownLatch c = new CountDownLatch(1);
            time.afterFunc(Duration.ZERO, new AfterFuncChain(time, n, c));
            c.await();
        });
    }

    /** Go's {@code f} of BenchmarkAfterFunc: re-arms itself n times, then signals c. */
    private static final class AfterFuncChain implements Runnable {
        private final TimeUnderTest time;
        private final CountDownLatch c;
        /**
         * Go's captured {@code n}. Plain: one link of the chain runs at a time, each after
         * the afterFunc call that armed it (the timer's hand-off orders them).
         */
        private int n;

        AfterFuncChain(TimeUnderTest time, int n, CountDownLatch c) {
            this.time = time;
            this.n = n;
            this.c = c;
        }

        @Override
        public void run() {
            n--;
            if (n >= 0) {
                time.afterFunc(Duration.ZERO, this);
            } else {
                c.countDown();
            }
        }
    }

    /**
     * <pre>
     * func BenchmarkAfter(b *testing.B) {
     *     benchmark(b, func(n int) {
     *         for i := 0; i < n; i++ {
     *             &lt;-After(1)
     *         }
     *     })
     * }
     * </pre>
     * One op: 1000 one-nanosecond timers armed and waited for, one after the other.
     */
    @Benchmark
    @OperationsPerInvocation(N_FIRING)
    public void after() throws InterruptedException {
        benchmark("After", N_FIRING, n -> {
            for (int i = 0; i < n; i++) {
                time.after(NANOSECOND);
            }
        });
    }

    /**
     * <pre>
     * func BenchmarkStop(b *testing.B) {
     *     benchmark(b, func(n int) {
     *         for i := 0; i < n; i++ {
     *             NewTimer(1 * Second).Stop()
     *         }
     *     })
     * }
     * </pre>
     * One op: 1000 channel timers created and stopped.
     */
    @Benchmark
    @OperationsPerInvocation(N_ARMING)
    public void stop() throws InterruptedException {
        benchmark("Stop", N_ARMING, n -> {
            for (int i = 0; i < n; i++) {
                time.newTimer(SECOND).stop();
            }
        });
    }

    /**
     * <pre>
     * func BenchmarkSimultaneousAfterFunc(b *testing.B) {
     *     benchmark(b, func(n int) {
     *         var wg sync.WaitGroup
     *         wg.Add(n)
     *         for i := 0; i < n; i++ {
     *             AfterFunc(0, wg.Done)
     *         }
     *         wg.Wait()
     *     })
     * }
     * </pre>
     * One op: 1000 zero-delay AfterFuncs armed at once, each firing wg.Done in its own
     * goroutine, and the wait for all of them.
     */
    @Benchmark
    @OperationsPerInvocation(N_FIRING)
    public void simultaneousAfterFunc() throws InterruptedException {
        benchmark("SimultaneousAfterFunc", N_FIRING, n -> {
            CountDownLatch wg = new CountDownLatch(n);
            Runnable done = wg::countDown;
            for (int i = 0; i < n; i++) {
                time.afterFunc(Duration.ZERO, done);
            }
            wg.await();
        });
    }

    /**
     * <pre>
     * func BenchmarkStartStop(b *testing.B) {
     *     benchmark(b, func(n int) {
     *         timers := make([]*Timer, n)
     *         for i := 0; i < n; i++ {
     *             timers[i] = AfterFunc(Hour, nil)
     *         }
     *         for i := 0; i < n; i++ {
     *             timers[i].Stop()
     *         }
     *     })
     * }
     * </pre>
     * One op: 1000 func timers armed an hour away, then the 1000 stopped.
     */
    @Benchmark
    @OperationsPerInvocation(N_ARMING)
    public void startStop() throws InterruptedException {
        benchmark("StartStop", N_ARMING, n -> {
            Timer[] timers = new Timer[n];
            for (int i = 0; i < n; i++) {
                timers[i] = time.afterFunc(HOUR, NOP);
            }
            for (int i = 0; i < n; i++) {
                timers[i].stop();
            }
        });
    }

    /**
     * <pre>
     * func BenchmarkReset(b *testing.B) {
     *     benchmark(b, func(n int) {
     *         t := NewTimer(Hour)
     *         for i := 0; i < n; i++ {
     *             t.Reset(Hour)
     *         }
     *         t.Stop()
     *     })
     * }
     * </pre>
     * One op: a channel timer created, reset 1000 times and stopped.
     */
    @Benchmark
    @OperationsPerInvocation(N_ARMING)
    public void reset() throws InterruptedException {
        benchmark("Reset", N_ARMING, n -> {
            Timer t = time.newTimer(HOUR);
            for (int i = 0; i < n; i++) {
                t.reset(HOUR);
            }
            t.stop();
        });
    }

    /**
     * <pre>
     * func BenchmarkSleep(b *testing.B) {
     *     benchmark(b, func(n int) {
     *         var wg sync.WaitGroup
     *         wg.Add(n)
     *         for i := 0; i < n; i++ {
     *             go func() {
     *                 Sleep(Nanosecond)
     *                 wg.Done()
     *             }()
     *         }
     *         wg.Wait()
     *     })
     * }
     * </pre>
     * One op: 1000 goroutines (virtual threads for jdk) started, each sleeping one
     * nanosecond, and the wait for all of them.
     */
    @Benchmark
    @OperationsPerInvocation(N_FIRING)
    public void sleep() throws InterruptedException {
        benchmark("Sleep", N_FIRING, n -> {
            CountDownLatch wg = new CountDownLatch(n);
            TimeUnderTest time = this.time;
            Runnable sleeper = () -> {
                try {
                    time.sleep(NANOSECOND);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("Sleep interrupted", e);
                }
                wg.countDown();
            };
            for (int i = 0; i < n; i++) {
                time.go(sleeper);
            }
            wg.await();
        });
    }

    /**
     * From tick_test.go:
     * <pre>
     * func BenchmarkTicker(b *testing.B) {
     *     benchmark(b, func(n int) {
     *         ticker := NewTicker(Nanosecond)
     *         for i := 0; i < n; i++ {
     *             &lt;-ticker.C
     *         }
     *         ticker.Stop()
     *     })
     * }
     * </pre>
     * One op: a one-nanosecond ticker created, 1000 ticks received, the ticker stopped.
     * The ticker fires as fast as its timer machinery can re-arm it, and a slow
     * receiver has ticks dropped, never queued (Go 1.19 keeps one in the channel's
     * buffer, jdk one in its ArrayBlockingQueue(1)): the op measures how fast ticks
     * reach a receiver that keeps asking.
     */
    @Benchmark
    @OperationsPerInvocation(N_FIRING)
    public void ticker() throws InterruptedException {
        benchmark("Ticker", N_FIRING, n -> {
            TimeUnderTest.BenchTicker ticker = time.newTicker(NANOSECOND);
            for (int i = 0; i < n; i++) {
                ticker.recv();
            }
            ticker.stop();
        });
    }
}
