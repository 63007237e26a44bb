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
import java.util.concurrent.locks.LockSupport;

/*
 * Two goroutines handing a token back and forth: the scheduler's park/ready round
 * trip. It is the scheduling core of Go's BenchmarkChanSync (src/runtime/chan_test.go)
 * and of the classic ping-pong over two unbuffered channels, without the channel:
 * channels are not part of this comparison, so the hand-off is LockSupport.park /
 * unpark on a volatile turn field, which costs the same on both schedulers.
 *
 * What it measures: ns per round trip, one round trip being A unparks B and parks,
 * B runs, unparks A and parks, A runs again; i.e. two park + two unpark (two
 * goReady + two context switches). Both goroutines belong to the scheduler under
 * test (two Go.go goroutines for gmp, two virtual threads for jdk), at the default
 * GOMAXPROCS / carrier parallelism (2 on the reference machine), so a wakeup may go
 * to the other P or carrier: the figure includes each scheduler's choice of where
 * the readied goroutine runs (Go's runnext vs the JDK's pool submission).
 *
 * JMH needs a fixed amount of work per call: each invocation starts a fresh pair
 * that plays ROUNDS round trips (@OperationsPerInvocation(ROUNDS)); starting the
 * two goroutines costs about 2 / ROUNDS of a CreateGoroutines op per round trip,
 * which is negligible.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PingPong {

    /** Round trips per invocation. */
    static final int ROUNDS = 100_000;

    @Param({"gmp", "jdk"})
    public String scheduler;

    /**
     * How a player waits for the token: {@code park} parks at once (the bare
     * park/unpark floor); {@code spin} first spins up to {@link #SPINS} times with
     * {@code Thread.onSpinWait} while its partner may be running on another P or carrier
     * (as {@code SynchronousQueue} does), then parks.
     */
    @Param({"park", "spin"})
    public String handoff;

    /** Spins before parking in the {@code spin} hand-off. */
    static final int SPINS = 256;

    private SchedulerUnderTest sched;

    @Setup(Level.Trial)
    public void setup() {
        sched = SchedulerUnderTest.of(scheduler);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void pingPong() throws InterruptedException {
        Table t = new Table(ROUNDS, handoff.equals("spin"));
        sched.go(t::playB);
        sched.go(t::playA);
        sched.await(t.done, "PingPong");
    }

    /**
     * One game: A serves, B returns, ROUNDS times. The turn field says who holds the
     * token; a player parks until it is its turn, so spurious wakeups (and the permit
     * left by an unpark that arrives before the park) only cost one more check.
     */
    static final class Table {
        private static final int A = 0;
        private static final int B = 1;

        private final int rounds;
        private final boolean spin;
        final CountDownLatch done = new CountDownLatch(1);

        /** Who holds the token. Written only by the holder, when it passes it on. */
        private volatile int turn = A;
        /** A's thread, set by A before it first passes the token (so B sees it). */
        private volatile Thread a;
        /** B's thread, set by B when it starts; A may see null before that. */
        private volatile Thread b;

        Table(int rounds, boolean spin) {
            this.rounds = rounds;
            this.spin = spin;
        }

        /** Returns once {@code turn == who}: spins first when asked to, then parks. */
        private void awaitTurn(int who) {
            if (spin) {
                for (int i = 0; i < SPINS && turn != who; i++) {
                    Thread.onSpinWait();
                }
            }
            while (turn != who) {
                LockSupport.park(this);
            }
        }

        void playA() {
            a = Thread.currentThread();
            Thread tb = null;
            for (int i = 0; i < rounds; i++) {
                turn = B;
                if (tb == null) {
                    // B may not have started yet. Dekker: A writes turn then reads b,
                    // B writes b then reads turn (all volatile), so either A sees b
                    // here and unparks it, or B sees turn == B and does not park.
                    tb = b;
                }
                if (tb != null) {
                    LockSupport.unpark(tb);
                }
                awaitTurn(A);
            }
            done.countDown();
        }

        void playB() {
            b = Thread.currentThread();
            for (int i = 0; i < rounds; i++) {
                awaitTurn(B);
                // a is set: A wrote it before its first write of turn = B.
                Thread ta = a;
                turn = A;
                LockSupport.unpark(ta);
            }
        }
    }
}
