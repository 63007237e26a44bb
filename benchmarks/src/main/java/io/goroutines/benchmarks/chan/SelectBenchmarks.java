package io.goroutines.benchmarks.chan;

import io.goroutines.benchmarks.support.Group;
import io.goroutines.benchmarks.support.RunParallel;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.ChannelDone;
import com.softwaremill.jox.SelectClause;
import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.Select;
import io.goroutines.time.Time;
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

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.softwaremill.jox.Select.defaultClause;
import static com.softwaremill.jox.Select.select;
import static com.softwaremill.jox.Select.selectOrClosed;

/*
 * Ports of the select benchmarks of Go's src/runtime/chan_test.go:
 * BenchmarkChanNonblocking, BenchmarkSelectUncontended,
 * BenchmarkSelectSyncContended, BenchmarkSelectAsyncContended,
 * BenchmarkSelectNonblock, BenchmarkSelectProdCons, BenchmarkChanPopular and
 * BenchmarkChanClosed. Each method
 * is named after its Go original (without "Benchmark") and quotes it. The benchmarks
 * without select are in ChanBenchmarks, whose header explains the mapping of b.N to
 * @OperationsPerInvocation, b.RunParallel (RunParallel: GOMAXPROCS goroutines, never
 * the JMH thread) and the 60 s hang bound; all of it holds here.
 *
 * impl: goroutines = our Chan and Go.select() on Go.go goroutines; jox = Jox channels
 * and com.softwaremill.jox.Select on JDK virtual threads. There is no jdk impl: the
 * JDK's queues have no select.
 *
 * How a select is written:
 * - goroutines: each goroutine builds its Select once and calls run() per iteration
 *   (the API allows a Select to run many times; Go's select statement allocates
 *   nothing per execution either). Case bodies are the Go case bodies.
 * - jox: each goroutine builds its clause array once (Jox clauses are stateless:
 *   the per-select state lives in a SelectInstance that select() allocates) and calls
 *   select(clauses) or selectOrClosed(clauses) per iteration; a case body runs after
 *   select returns, chosen by the value the clause's callback returns. A Go "default:"
 *   is defaultClause(...).
 * - Go compiles a select with one case and a default into a non-blocking send or
 *   receive (selectnbsend / selectnbrecv); our tryRecv/trySend are that, but these
 *   ports keep the select as written in Go, so they measure Go.select(). Jox has no
 *   trySend/tryReceive in 1.0.1: a select with defaultClause is its only non-blocking
 *   form.
 *
 * Differences from Go:
 * - Jox's select prefers the first ready clause (documented: "biased towards the
 *   clauses that appear first"); Go and ours pick uniformly at random among the
 *   ready cases. SelectUncontended and SelectAsyncContended have two ready cases at
 *   times, so the order of their work differs under jox.
 * - A receive from a closed Jox channel in a select does not proceed with a zero
 *   value: selectOrClosed returns ChannelDone. SelectSyncContended's senders stop on
 *   that, ChanClosed counts it as the receive.
 * - Values are boxed constants (Jox rejects null), see ChanBenchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectBenchmarks {

    /** b.N per invocation of each benchmark; see ChanBenchmarks for how they are chosen. */
    static final int N_NONBLOCKING = 1_000_000;
    static final int N_UNCONTENDED = 100_000;
    static final int N_SYNC_CONTENDED = 20_000;
    static final int N_ASYNC_CONTENDED = 100_000;
    /** An op of SelectNonblock is four selects. */
    static final int N_NONBLOCK = 500_000;
    /** An op of ChanPopular is one send to each of its 1000 goroutines. */
    static final int N_POPULAR = 50;
    static final int N_CLOSED = 1_000_000;
    /** b.N of SelectProdCons: a multiple of CALLS_PER_SCHED (see ChanBenchmarks). */
    static final int N_SELECT_PROD_CONS = 50_000;
    /** Go's {@code const CallsPerSched = 1000} of SelectProdCons. */
    static final int CALLS_PER_SCHED = ChanBenchmarks.CALLS_PER_SCHED;
    /** An hour: the timers of SelectProdCons, "intended to not fire during benchmarking". */
    static final Duration HOUR = Duration.ofHours(1);
    /** Keeps the local work of SelectProdCons from being optimised away, as Go's {@code c <- foo == 42}. */
    static volatile boolean sink;
    /** Go's {@code foo := 0}, read from a field so that the JIT cannot fold the local work. */
    public int fooSeed;

    /** Go's {@code const n = 1000} of ChanPopular. */
    static final int POPULAR_GOROUTINES = 1000;

    static final Integer ZERO = 0;
    static final Integer ONE = 1;
    /** What a Jox clause's callback returns to tell which case was chosen. */
    static final Integer CASE_1 = 1;
    static final Integer CASE_2 = 2;
    /** What Jox's default clause returns. */
    static final Integer DEFAULT = -1;

    @Param({"goroutines", "jox"})
    public String impl;

    private ChanUnderTest chans;

    @Setup(Level.Trial)
    public void setup() {
        chans = ChanUnderTest.of(impl);
        if (chans == ChanUnderTest.JDK) {
            // Reached when JMH's -p impl=... lists jdk: -p applies to every class with
            // the parameter. Expected, and cheap: the fork ends at its first setup.
            throw new IllegalArgumentException("impl=jdk has no select, so SelectBenchmarks does not run it "
                    + "(only goroutines and jox); this failure is expected when -p impl=... lists jdk");
        }
    }

    private boolean ours() {
        return chans == ChanUnderTest.GOROUTINES;
    }

    /**
     * <pre>
     * func BenchmarkChanNonblocking(b *testing.B) {
     *     myc := make(chan int)
     *     b.RunParallel(func(pb *testing.PB) {
     *         for pb.Next() {
     *             select {
     *             case <-myc:
     *             default:
     *             }
     *         }
     *     })
     * }
     * </pre>
     */
    @Benchmark
    @OperationsPerInvocation(N_NONBLOCKING)
    public void chanNonblocking() throws InterruptedException {
        if (ours()) {
            Chan<Integer> myc = Chan.make();
            RunParallel.run(chans, "ChanNonblocking", N_NONBLOCKING, pb -> {
                Select s = Go.select().recv(myc, null).defaultCase(null);
                while (pb.next()) {
                    s.run();
                }
            });
        } else {
            Channel<Integer> myc = Channel.newRendezvousChannel();
            RunParallel.run(chans, "ChanNonblocking", N_NONBLOCKING, pb -> {
                SelectClause<?>[] s = {myc.receiveClause(), defaultClause(DEFAULT)};
                while (pb.next()) {
                    select(s);
                }
            });
        }
    }

    /**
     * <pre>
     * func BenchmarkSelectUncontended(b *testing.B) {
     *     b.RunParallel(func(pb *testing.PB) {
     *         myc1 := make(chan int, 1)
     *         myc2 := make(chan int, 1)
     *         myc1 <- 0
     *         for pb.Next() {
     *             select {
     *             case <-myc1:
     *                 myc2 <- 0
     *             case <-myc2:
     *                 myc1 <- 0
     *             }
     *         }
     *     })
     * }
     * </pre>
     */
    @Benchmark
    @OperationsPerInvocation(N_UNCONTENDED)
    public void selectUncontended() throws InterruptedException {
        if (ours()) {
            RunParallel.run(chans, "SelectUncontended", N_UNCONTENDED, pb -> {
                Chan<Integer> myc1 = Chan.make(1);
                Chan<Integer> myc2 = Chan.make(1);
                myc1.send(ZERO);
                Select s = Go.select()
                        .recv(myc1, v -> myc2.send(ZERO))
                        .recv(myc2, v -> myc1.send(ZERO));
                while (pb.next()) {
                    s.run();
                }
            });
        } else {
            RunParallel.run(chans, "SelectUncontended", N_UNCONTENDED, pb -> {
                Channel<Integer> myc1 = Channel.newBufferedChannel(1);
                Channel<Integer> myc2 = Channel.newBufferedChannel(1);
                myc1.send(ZERO);
                SelectClause<?>[] s = {myc1.receiveClause(v -> CASE_1), myc2.receiveClause(v -> CASE_2)};
                while (pb.next()) {
                    if (select(s) == CASE_1) {
                        myc2.send(ZERO);
                    } else {
                        myc1.send(ZERO);
                    }
                }
            });
        }
    }

    /**
     * <pre>
     * func BenchmarkSelectSyncContended(b *testing.B) {
     *     myc1 := make(chan int)
     *     myc2 := make(chan int)
     *     myc3 := make(chan int)
     *     done := make(chan int)
     *     b.RunParallel(func(pb *testing.PB) {
     *         go func() {
     *             for {
     *                 select {
     *                 case myc1 <- 0:
     *                 case myc2 <- 0:
     *                 case myc3 <- 0:
     *                 case <-done:
     *                     return
     *                 }
     *             }
     *         }()
     *         for pb.Next() {
     *             select {
     *             case <-myc1:
     *             case <-myc2:
     *             case <-myc3:
     *             }
     *         }
     *     })
     *     close(done)
     * }
     * </pre>
     * Go does not wait for the senders after {@code close(done)}; here the invocation
     * waits for them to return, so that none is still running in the next one.
     */
    @Benchmark
    @OperationsPerInvocation(N_SYNC_CONTENDED)
    public void selectSyncContended() throws InterruptedException {
        Group senders = new Group(chans, "SelectSyncContended (senders)", chans.procs());
        if (ours()) {
            Chan<Integer> myc1 = Chan.make();
            Chan<Integer> myc2 = Chan.make();
            Chan<Integer> myc3 = Chan.make();
            Chan<Integer> done = Chan.make();
            RunParallel.run(chans, "SelectSyncContended", N_SYNC_CONTENDED, pb -> {
                senders.go(() -> {
                    Select s = Go.select()
                            .send(myc1, ZERO, null)
                            .send(myc2, ZERO, null)
                            .send(myc3, ZERO, null)
                            .recv(done, null);
                    while (s.run() != 3) {
                        // case <-done: return
                    }
                });
                Select s = Go.select().recv(myc1, null).recv(myc2, null).recv(myc3, null);
                while (pb.next()) {
                    s.run();
                }
            });
            done.close();
        } else {
            Channel<Integer> myc1 = Channel.newRendezvousChannel();
            Channel<Integer> myc2 = Channel.newRendezvousChannel();
            Channel<Integer> myc3 = Channel.newRendezvousChannel();
            Channel<Integer> done = Channel.newRendezvousChannel();
            RunParallel.run(chans, "SelectSyncContended", N_SYNC_CONTENDED, pb -> {
                senders.go(() -> {
                    SelectClause<?>[] s = {myc1.sendClause(ZERO), myc2.sendClause(ZERO),
                            myc3.sendClause(ZERO), done.receiveClause()};
                    while (!(selectOrClosed(s) instanceof ChannelClosed)) {
                        // case <-done: return
                    }
                });
                SelectClause<?>[] s = {myc1.receiveClause(), myc2.receiveClause(), myc3.receiveClause()};
                while (pb.next()) {
                    select(s);
                }
            });
            done.done();
        }
        senders.await();
    }

    /**
     * <pre>
     * func BenchmarkSelectAsyncContended(b *testing.B) {
     *     procs := runtime.GOMAXPROCS(0)
     *     myc1 := make(chan int, procs)
     *     myc2 := make(chan int, procs)
     *     b.RunParallel(func(pb *testing.PB) {
     *         myc1 <- 0
     *         for pb.Next() {
     *             select {
     *             case <-myc1:
     *                 myc2 <- 0
     *             case <-myc2:
     *                 myc1 <- 0
     *             }
     *         }
     *     })
     * }
     * </pre>
     */
    @Benchmark
    @OperationsPerInvocation(N_ASYNC_CONTENDED)
    public void selectAsyncContended() throws InterruptedException {
        int procs = chans.procs();
        if (ours()) {
            Chan<Integer> myc1 = Chan.make(procs);
            Chan<Integer> myc2 = Chan.make(procs);
            RunParallel.run(chans, "SelectAsyncContended", N_ASYNC_CONTENDED, pb -> {
                myc1.send(ZERO);
                Select s = Go.select()
                        .recv(myc1, v -> myc2.send(ZERO))
                        .recv(myc2, v -> myc1.send(ZERO));
                while (pb.next()) {
                    s.run();
                }
            });
        } else {
            Channel<Integer> myc1 = Channel.newBufferedChannel(procs);
            Channel<Integer> myc2 = Channel.newBufferedChannel(procs);
            RunParallel.run(chans, "SelectAsyncContended", N_ASYNC_CONTENDED, pb -> {
                myc1.send(ZERO);
                SelectClause<?>[] s = {myc1.receiveClause(v -> CASE_1), myc2.receiveClause(v -> CASE_2)};
                while (pb.next()) {
                    if (select(s) == CASE_1) {
                        myc2.send(ZERO);
                    } else {
                        myc1.send(ZERO);
                    }
                }
            });
        }
    }

    /**
     * <pre>
     * func BenchmarkSelectNonblock(b *testing.B) {
     *     myc1 := make(chan int)
     *     myc2 := make(chan int)
     *     myc3 := make(chan int, 1)
     *     myc4 := make(chan int, 1)
     *     b.RunParallel(func(pb *testing.PB) {
     *         for pb.Next() {
     *             select { case <-myc1:     default: }
     *             select { case myc2 <- 0:  default: }
     *             select { case <-myc3:     default: }
     *             select { case myc4 <- 0:  default: }
     *         }
     *     })
     * }
     * </pre>
     */
    @Benchmark
    @OperationsPerInvocation(N_NONBLOCK)
    public void selectNonblock() throws InterruptedException {
        if (ours()) {
            Chan<Integer> myc1 = Chan.make();
            Chan<Integer> myc2 = Chan.make();
            Chan<Integer> myc3 = Chan.make(1);
            Chan<Integer> myc4 = Chan.make(1);
            RunParallel.run(chans, "SelectNonblock", N_NONBLOCK, pb -> {
                Select s1 = Go.select().recv(myc1, null).defaultCase(null);
                Select s2 = Go.select().send(myc2, ZERO, null).defaultCase(null);
                Select s3 = Go.select().recv(myc3, null).defaultCase(null);
                Select s4 = Go.select().send(myc4, ZERO, null).defaultCase(null);
                while (pb.next()) {
                    s1.run();
                    s2.run();
                    s3.run();
                    s4.run();
                }
            });
        } else {
            Channel<Integer> myc1 = Channel.newRendezvousChannel();
            Channel<Integer> myc2 = Channel.newRendezvousChannel();
            Channel<Integer> myc3 = Channel.newBufferedChannel(1);
            Channel<Integer> myc4 = Channel.newBufferedChannel(1);
            RunParallel.run(chans, "SelectNonblock", N_NONBLOCK, pb -> {
                SelectClause<?>[] s1 = {myc1.receiveClause(), defaultClause(DEFAULT)};
                SelectClause<?>[] s2 = {myc2.sendClause(ZERO), defaultClause(DEFAULT)};
                SelectClause<?>[] s3 = {myc3.receiveClause(), defaultClause(DEFAULT)};
                SelectClause<?>[] s4 = {myc4.sendClause(ZERO), defaultClause(DEFAULT)};
                while (pb.next()) {
                    select(s1);
                    select(s2);
                    select(s3);
                    select(s4);
                }
            });
        }
    }

    /**
     * <pre>
     * func BenchmarkSelectProdCons(b *testing.B) {
     *     const CallsPerSched = 1000
     *     procs := runtime.GOMAXPROCS(-1)
     *     N := int32(b.N / CallsPerSched)
     *     c := make(chan bool, 2*procs)
     *     myc := make(chan int, 128)
     *     myclose := make(chan bool)
     *     for p := 0; p < procs; p++ {
     *         go func() {
     *             // Producer: sends to myc.
     *             foo := 0
     *             // Intended to not fire during benchmarking.
     *             mytimer := time.After(time.Hour)
     *             for atomic.AddInt32(&amp;N, -1) &gt;= 0 {
     *                 for g := 0; g &lt; CallsPerSched; g++ {
     *                     // Model some local work.
     *                     for i := 0; i &lt; 100; i++ {
     *                         foo *= 2
     *                         foo /= 2
     *                     }
     *                     select {
     *                     case myc &lt;- 1:
     *                     case &lt;-mytimer:
     *                     case &lt;-myclose:
     *                     }
     *                 }
     *             }
     *             myc &lt;- 0
     *             c &lt;- foo == 42
     *         }()
     *         go func() {
     *             // Consumer: receives from myc.
     *             foo := 0
     *             // Intended to not fire during benchmarking.
     *             mytimer := time.After(time.Hour)
     *         loop:
     *             for {
     *                 select {
     *                 case v := &lt;-myc:
     *                     if v == 0 {
     *                         break loop
     *                     }
     *                 case &lt;-mytimer:
     *                 case &lt;-myclose:
     *                 }
     *                 // Model some local work.
     *                 for i := 0; i &lt; 100; i++ {
     *                     foo *= 2
     *                     foo /= 2
     *                 }
     *             }
     *             c &lt;- foo == 42
     *         }()
     *     }
     *     for p := 0; p &lt; procs; p++ {
     *         &lt;-c
     *         &lt;-c
     *     }
     * }
     * </pre>
     * Jox: its channels on virtual threads, each timer a Jox channel that nothing sends
     * to (Jox has no timer channel; one that never fires selects the same way).
     */
    @Benchmark
    @OperationsPerInvocation(N_SELECT_PROD_CONS)
    public void selectProdCons() throws InterruptedException {
        int procs = chans.procs();
        AtomicInteger n = new AtomicInteger(N_SELECT_PROD_CONS / CALLS_PER_SCHED);
        int seed = fooSeed;
        Group c = new Group(chans, "SelectProdCons", 2 * procs);
        if (ours()) {
            Chan<Integer> myc = Chan.make(128);
            Chan<Boolean> myclose = Chan.make();
            for (int p = 0; p < procs; p++) {
                c.go(() -> {
                    int foo = seed;
                    Select s = Go.select().send(myc, ONE, null).recv(Time.after(HOUR), null).recv(myclose, null);
                    while (n.decrementAndGet() >= 0) {
                        for (int g = 0; g < CALLS_PER_SCHED; g++) {
                            for (int i = 0; i < 100; i++) {
                                foo *= 2;
                                foo /= 2;
                            }
                            s.run();
                        }
                    }
                    myc.send(ZERO);
                    sink = foo == 42;
                });
                c.go(() -> {
                    int foo = seed;
                    int[] v = new int[1];
                    Select s = Go.select().recv(myc, x -> v[0] = x).recv(Time.after(HOUR), null).recv(myclose, null);
                    for (;;) {
                        v[0] = -1;
                        if (s.run() == 0 && v[0] == 0) {
                            break;
                        }
                        for (int i = 0; i < 100; i++) {
                            foo *= 2;
                            foo /= 2;
                        }
                    }
                    sink = foo == 42;
                });
            }
        } else {
            Channel<Integer> myc = Channel.newBufferedChannel(128);
            Channel<Boolean> myclose = Channel.newRendezvousChannel();
            for (int p = 0; p < procs; p++) {
                c.go(() -> {
                    int foo = seed;
                    Channel<Boolean> mytimer = Channel.newRendezvousChannel();
                    SelectClause<?>[] s = {myc.sendClause(ONE), mytimer.receiveClause(), myclose.receiveClause()};
                    while (n.decrementAndGet() >= 0) {
                        for (int g = 0; g < CALLS_PER_SCHED; g++) {
                            for (int i = 0; i < 100; i++) {
                                foo *= 2;
                                foo /= 2;
                            }
                            select(s);
                        }
                    }
                    myc.send(ZERO);
                    sink = foo == 42;
                });
                c.go(() -> {
                    int foo = seed;
                    Channel<Boolean> mytimer = Channel.newRendezvousChannel();
                    SelectClause<?>[] s = {myc.receiveClause(), mytimer.receiveClause(), myclose.receiveClause()};
                    for (;;) {
                        if (ZERO.equals(select(s))) {
                            break;
                        }
                        for (int i = 0; i < 100; i++) {
                            foo *= 2;
                            foo /= 2;
                        }
                    }
                    sink = foo == 42;
                });
            }
        }
        c.await();
    }

    /**
     * <pre>
     * func BenchmarkChanPopular(b *testing.B) {
     *     const n = 1000
     *     c := make(chan bool)
     *     var a []chan bool
     *     var wg sync.WaitGroup
     *     wg.Add(n)
     *     for j := 0; j < n; j++ {
     *         d := make(chan bool)
     *         a = append(a, d)
     *         go func() {
     *             for i := 0; i < b.N; i++ {
     *                 select {
     *                 case <-c:
     *                 case <-d:
     *                 }
     *             }
     *             wg.Done()
     *         }()
     *     }
     *     for i := 0; i < b.N; i++ {
     *         for _, d := range a {
     *             d <- true
     *         }
     *     }
     *     wg.Wait()
     * }
     * </pre>
     * The sending loop, which Go runs on the benchmark's goroutine, runs on one more
     * goroutine here (the JMH thread only waits), so that its sends park a goroutine,
     * not a platform thread. Creating the 1000 goroutines is part of the time, as in Go.
     */
    @Benchmark
    @OperationsPerInvocation(N_POPULAR)
    public void chanPopular() throws InterruptedException {
        Group wg = new Group(chans, "ChanPopular", POPULAR_GOROUTINES + 1);
        if (ours()) {
            Chan<Boolean> c = Chan.make();
            @SuppressWarnings("unchecked")
            Chan<Boolean>[] a = new Chan[POPULAR_GOROUTINES];
            for (int j = 0; j < POPULAR_GOROUTINES; j++) {
                Chan<Boolean> d = Chan.make();
                a[j] = d;
                wg.go(() -> {
                    Select s = Go.select().recv(c, null).recv(d, null);
                    for (int i = 0; i < N_POPULAR; i++) {
                        s.run();
                    }
                });
            }
            wg.go(() -> {
                for (int i = 0; i < N_POPULAR; i++) {
                    for (Chan<Boolean> d : a) {
                        d.send(Boolean.TRUE);
                    }
                }
            });
        } else {
            Channel<Boolean> c = Channel.newRendezvousChannel();
            @SuppressWarnings("unchecked")
            Channel<Boolean>[] a = new Channel[POPULAR_GOROUTINES];
            for (int j = 0; j < POPULAR_GOROUTINES; j++) {
                Channel<Boolean> d = Channel.newRendezvousChannel();
                a[j] = d;
                wg.go(() -> {
                    SelectClause<?>[] s = {c.receiveClause(), d.receiveClause()};
                    for (int i = 0; i < N_POPULAR; i++) {
                        select(s);
                    }
                });
            }
            wg.go(() -> {
                for (int i = 0; i < N_POPULAR; i++) {
                    for (Channel<Boolean> d : a) {
                        d.send(Boolean.TRUE);
                    }
                }
            });
        }
        wg.await();
    }

    /**
     * <pre>
     * func BenchmarkChanClosed(b *testing.B) {
     *     c := make(chan struct{})
     *     close(c)
     *     b.RunParallel(func(pb *testing.PB) {
     *         for pb.Next() {
     *             select {
     *             case <-c:
     *             default:
     *                 b.Error("Unreachable")
     *             }
     *         }
     *     })
     * }
     * </pre>
     * Jox: the receive clause of a closed channel makes selectOrClosed return
     * ChannelDone, which counts as the receive.
     */
    @Benchmark
    @OperationsPerInvocation(N_CLOSED)
    public void chanClosed() throws InterruptedException {
        if (ours()) {
            Chan<Object> c = Chan.make();
            c.close();
            RunParallel.run(chans, "ChanClosed", N_CLOSED, pb -> {
                int[] unreachable = {0};
                Select s = Go.select().recv(c, null).defaultCase(() -> unreachable[0]++);
                while (pb.next()) {
                    s.run();
                }
                if (unreachable[0] != 0) {
                    throw new AssertionError("Unreachable: the default case ran " + unreachable[0]
                            + " times on a closed channel");
                }
            });
        } else {
            Channel<Object> c = Channel.newRendezvousChannel();
            c.done();
            RunParallel.run(chans, "ChanClosed", N_CLOSED, pb -> {
                int unreachable = 0;
                SelectClause<?>[] s = {c.receiveClause(), defaultClause(DEFAULT)};
                while (pb.next()) {
                    if (!(selectOrClosed(s) instanceof ChannelDone)) {
                        unreachable++;
                    }
                }
                if (unreachable != 0) {
                    throw new AssertionError("Unreachable: the select did not see the closed channel "
                            + unreachable + " times");
                }
            });
        }
    }
}
