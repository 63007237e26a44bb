package io.goroutines.samples;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.SchedStats;
import io.goroutines.Select;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo a newcomer runs first: a few Go idioms, each printing what it shows, then
 * the scheduler's statistics. Later issues add timers, context and sync to it.
 */
final class Tour {

    private Tour() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        if (args.length > 0) {
            throw new IllegalArgumentException("tour takes no arguments");
        }
        out.println("goroutines tour: scheduler=" + GoRuntime.scheduler()
                + " GOMAXPROCS=" + GoRuntime.gomaxprocs(0) + " NumCPU=" + GoRuntime.numCPU());
        Go.main(() -> {
            manyGoroutines(out);
            goschedTakesTurns(out);
            deferAndRecover(out);
            goroutineDump(out);
            channelsAndSelect(out);
        });
        SchedStats st = GoRuntime.schedStats();
        out.println();
        out.println("scheduler statistics: " + st);
        return 0;
    }

    /** go f() a hundred thousand times from one goroutine; idle Ps steal the work. */
    private static void manyGoroutines(PrintStream out) {
        int n = 100_000;
        AtomicLong sum = new AtomicLong();
        CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        for (int i = 1; i <= n; i++) {
            long v = i;
            Go.go(() -> {
                sum.addAndGet(v);
                done.countDown();
            });
        }
        await(done);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        out.printf("1. %,d goroutines summed 1..%,d = %,d in %d ms (steals so far: %d)%n",
                n, n, sum.get(), ms, GoRuntime.schedStats().steals());
    }

    /** Two goroutines on one P hand the processor back and forth with gosched. */
    private static void goschedTakesTurns(PrintStream out) {
        int prev = GoRuntime.gomaxprocs(1);
        StringBuffer turns = new StringBuffer();
        CountDownLatch done = new CountDownLatch(2);
        CountDownLatch started = new CountDownLatch(1);
        Go.go(() -> {
            for (String who : new String[] {"ping ", "pong "}) {
                Go.go(() -> {
                    for (int i = 0; i < 3; i++) {
                        turns.append(who);
                        GoRuntime.gosched();
                    }
                    done.countDown();
                });
            }
            started.countDown();
        });
        await(started);
        await(done);
        GoRuntime.gomaxprocs(prev);
        out.println("2. with GOMAXPROCS=1, gosched alternates: " + turns.toString().trim());
    }

    /** defer runs last-in first-out; recover stops a panic; the frame returns normally. */
    private static void deferAndRecover(PrintStream out) {
        StringBuilder trace = new StringBuilder();
        String result = Go.func(() -> {
            Go.defer(() -> trace.append("deferred-1 "));
            Go.defer(() -> {
                Object r = Go.recover();
                trace.append("recovered(").append(r).append(") ");
            });
            trace.append("body ");
            if (trace.length() > 0) {
                throw new Panic("something went wrong");
            }
            return "unreachable";
        });
        out.println("3. defer/recover: " + trace.toString().trim() + "; func returned " + result);
    }

    /** A goroutine parked in the runtime shows up in Go's dump format. */
    private static void goroutineDump(PrintStream out) {
        CountDownLatch parked = new CountDownLatch(1);
        Thread[] sleeper = new Thread[1];
        Go.go("sleeper", () -> {
            sleeper[0] = Thread.currentThread();
            parked.countDown();
            LockSupport.park();
        });
        await(parked);
        String dump = GoRuntime.stack(true);
        String line = dump.lines().filter(l -> l.contains("sleeper")).findFirst().orElse("(not found)");
        out.println("4. GoRuntime.stack(true) shows " + GoRuntime.numGoroutine() + " goroutines, e.g.: " + line);
        LockSupport.unpark(sleeper[0]);
    }

    /** An unbuffered ping-pong (a handoff each way), then a select over two producers. */
    private static void channelsAndSelect(PrintStream out) {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        int rounds = 100_000;
        Go.go(() -> {
            for (Integer v : ping) { // for v := range ping
                pong.send(v + 1);
            }
        });
        int v = 0;
        for (int i = 0; i < rounds; i++) { // warm-up: let the JIT compile the channel paths
            ping.send(v);
            v = pong.recv();
        }
        v = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            ping.send(v);
            v = pong.recv();
        }
        ping.close();
        long ns = (System.nanoTime() - t0) / rounds;
        Chan<String> fast = Chan.make(16);
        Chan<String> slow = Chan.make(16);
        Chan<Void> done = Chan.make();
        Go.go(() -> {
            for (int i = 0; i < 100; i++) {
                fast.send("f");
            }
        });
        Go.go(() -> {
            for (int i = 0; i < 100; i++) {
                slow.send("s");
            }
            done.close();
        });
        int[] got = new int[2];
        Select sel = Go.select()
                .recv(fast, x -> got[0]++)
                .recv(slow, x -> got[1]++);
        while (got[0] + got[1] < 200) {
            sel.run();
        }
        done.recv();
        out.printf("5. channels: %,d ping-pong round trips (after as many to warm up), %d ns each (counter=%,d); "
                + "select took %d from one producer and %d from the other%n", rounds, ns, v, got[0], got[1]);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting for goroutines");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
