package io.goroutines.benchmarks.chan;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.SelectClause;
import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.Select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static com.softwaremill.jox.Select.select;

/**
 * A channel program shaped like an ordinary user program, not like a JMH harness: a
 * main goroutine and one worker goroutine, one unbuffered channel (two for ping-pong),
 * {@value #DEFAULT_N} elements, timed in the main goroutine; several runs in one
 * process, and the median printed. Its Go twin is {@code benchmarks/src/main/go/user_shaped.go};
 * {@code benchmarks/run-user.sh} runs both and prints the ratios.
 *
 * <p>Shapes:
 * <ul>
 *   <li>{@code pingpong}: main sends on {@code ping}, the worker receives and sends it
 *       back on {@code pong}, main receives; the time is per round trip;</li>
 *   <li>{@code prodcons}: the worker sends N values, main receives them;</li>
 *   <li>{@code select}: the same, both sides in a two-case select whose second case
 *       (a {@code quit} channel) is never ready.</li>
 * </ul>
 * Implementations: {@code goroutines} ({@link Go#main}, {@link Go#go}, {@link Chan},
 * {@link Go#select()}), {@code jox} (Jox rendezvous channels and select on a JDK virtual
 * thread as main and one as worker) and {@code jdk} ({@link SynchronousQueue} on JDK
 * virtual threads; it has no select).
 *
 * <p>Usage: {@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar
 * io.goroutines.benchmarks.chan.UserShaped IMPL [N] [RUNS]}. Prints one line per shape:
 * {@code user-shaped IMPL SHAPE median=NS min=NS max=NS} (ns per element).
 */
public final class UserShaped {

    static final int DEFAULT_N = 1_000_000;
    static final int DEFAULT_RUNS = 5;
    /** The value sent: one boxed Integer, so no implementation pays for boxing. */
    private static final Integer ONE = 1;

    private UserShaped() {
    }

    /** One shape of one implementation: runs it once and returns the elapsed nanoseconds. */
    private interface Shape {
        long run(int n) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: UserShaped goroutines|jox|jdk [N] [RUNS]");
            System.exit(2);
        }
        String impl = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_N;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_RUNS;
        switch (impl) {
            case "goroutines" -> {
                AtomicReference<Exception> failure = new AtomicReference<>();
                Go.main(() -> {
                    try {
                        measure(impl, "pingpong", n, runs, UserShaped::goroutinesPingPong);
                        measure(impl, "prodcons", n, runs, UserShaped::goroutinesProdCons);
                        measure(impl, "select", n, runs, UserShaped::goroutinesSelect);
                    } catch (Exception e) {
                        failure.set(e);
                    }
                });
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
            case "jox", "jdk" -> {
                AtomicReference<Exception> failure = new AtomicReference<>();
                Thread main = Thread.ofVirtual().name("main").start(() -> {
                    try {
                        if (impl.equals("jox")) {
                            measure(impl, "pingpong", n, runs, UserShaped::joxPingPong);
                            measure(impl, "prodcons", n, runs, UserShaped::joxProdCons);
                            measure(impl, "select", n, runs, UserShaped::joxSelect);
                        } else {
                            measure(impl, "pingpong", n, runs, UserShaped::jdkPingPong);
                            measure(impl, "prodcons", n, runs, UserShaped::jdkProdCons);
                        }
                    } catch (Exception e) {
                        failure.set(e);
                    }
                });
                if (!main.join(java.time.Duration.ofMinutes(5))) {
                    throw new IllegalStateException("UserShaped " + impl + ": main did not finish in 5 minutes");
                }
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
            default -> throw new IllegalArgumentException("unknown impl \"" + impl
                    + "\": expected goroutines, jox or jdk");
        }
    }

    /** Runs {@code shape} once to warm up, then {@code runs} times, and prints the median. */
    private static void measure(String impl, String name, int n, int runs, Shape shape) throws Exception {
        shape.run(n);
        List<Long> perElement = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            perElement.add(shape.run(n) / n);
        }
        long[] sorted = perElement.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("user-shaped %s %s median=%d min=%d max=%d runs=%s%n", impl, name,
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], Arrays.toString(sorted));
    }

    // --- goroutines ---------------------------------------------------------------

    private static long goroutinesPingPong(int n) {
        Chan<Integer> ping = Chan.make(0);
        Chan<Integer> pong = Chan.make(0);
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                pong.send(ping.recv());
            }
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ping.send(ONE);
            pong.recv();
        }
        return System.nanoTime() - t0;
    }

    private static long goroutinesProdCons(int n) {
        Chan<Integer> c = Chan.make(0);
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                c.send(ONE);
            }
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            c.recv();
        }
        return System.nanoTime() - t0;
    }

    private static long goroutinesSelect(int n) {
        Chan<Integer> c = Chan.make(0);
        Chan<Integer> quit = Chan.make(0);
        Go.go(() -> {
            Select s = Go.select().send(c, ONE, () -> { }).recv(quit, v -> { });
            for (int i = 0; i < n; i++) {
                s.run();
            }
        });
        long[] sum = new long[1];
        Select s = Go.select().recv(c, v -> sum[0] += v).recv(quit, v -> { });
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            s.run();
        }
        long elapsed = System.nanoTime() - t0;
        check(sum[0], n);
        return elapsed;
    }

    // --- jox ----------------------------------------------------------------------

    private static long joxPingPong(int n) throws Exception {
        Channel<Integer> ping = Channel.newRendezvousChannel();
        Channel<Integer> pong = Channel.newRendezvousChannel();
        Thread w = worker(() -> {
            for (int i = 0; i < n; i++) {
                pong.send(ping.receive());
            }
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ping.send(ONE);
            pong.receive();
        }
        long elapsed = System.nanoTime() - t0;
        w.join();
        return elapsed;
    }

    private static long joxProdCons(int n) throws Exception {
        Channel<Integer> c = Channel.newRendezvousChannel();
        Thread w = worker(() -> {
            for (int i = 0; i < n; i++) {
                c.send(ONE);
            }
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            c.receive();
        }
        long elapsed = System.nanoTime() - t0;
        w.join();
        return elapsed;
    }

    private static long joxSelect(int n) throws Exception {
        Channel<Integer> c = Channel.newRendezvousChannel();
        Channel<Integer> quit = Channel.newRendezvousChannel();
        Thread w = worker(() -> {
            SelectClause<?>[] s = {c.sendClause(ONE), quit.receiveClause()};
            for (int i = 0; i < n; i++) {
                select(s);
            }
        });
        long sum = 0;
        SelectClause<?>[] s = {c.receiveClause(), quit.receiveClause()};
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sum += (Integer) select(s);
        }
        long elapsed = System.nanoTime() - t0;
        w.join();
        check(sum, n);
        return elapsed;
    }

    // --- jdk ----------------------------------------------------------------------

    private static long jdkPingPong(int n) throws Exception {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        Thread w = worker(() -> {
            for (int i = 0; i < n; i++) {
                pong.put(ping.take());
            }
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ping.put(ONE);
            pong.take();
        }
        long elapsed = System.nanoTime() - t0;
        w.join();
        return elapsed;
    }

    private static long jdkProdCons(int n) throws Exception {
        SynchronousQueue<Integer> c = new SynchronousQueue<>();
        Thread w = worker(() -> {
            for (int i = 0; i < n; i++) {
                c.put(ONE);
            }
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            c.take();
        }
        long elapsed = System.nanoTime() - t0;
        w.join();
        return elapsed;
    }

    /** A worker's body, which may be interrupted. */
    private interface WorkerBody {
        void run() throws InterruptedException;
    }

    /** Starts {@code body} on a new JDK virtual thread (the jox and jdk workers). */
    private static Thread worker(WorkerBody body) {
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void check(long sum, int n) {
        if (sum != n) {
            throw new IllegalStateException("received a sum of " + sum + ", expected " + n + ": elements lost");
        }
    }

    static {
        // a run must never hang silently: the whole program has a generous bound
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.MINUTES.sleep(10);
                System.err.println("UserShaped: still running after 10 minutes, a hang; exiting");
                System.exit(3);
            } catch (InterruptedException ignored) {
                // the JVM is exiting
            }
        }, "user-shaped-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
