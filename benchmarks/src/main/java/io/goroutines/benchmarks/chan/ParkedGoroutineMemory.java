package io.goroutines.benchmarks.chan;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/*
 * Heap bytes per parked goroutine: N goroutines (Go.go), each blocked in a receive
 * on its own unbuffered channel, against the baseline of N JDK virtual threads
 * parked in LockSupport.park. The Go counterpart is the classic "how much does a
 * blocked goroutine cost" measurement (a g, its 2 KiB minimum stack, a sudog and an
 * hchan); benchmarks/src/main/go/parked_goroutine_memory.go does it for Go, and
 * benchmarks/run-memory.sh runs both when a Go toolchain is installed.
 *
 * Method, for each kind (after warm-up rounds, then the median of three rounds): full
 * GCs until the used heap settles (the baseline), start
 * the N, wait until every one of them is parked (Thread.getState() == WAITING: a
 * goroutine is a virtual thread of our scheduler, and a parked one has its stack
 * frozen into heap stack chunks), full GCs again, and divide the difference by N.
 * The arrays that hold the channels and threads exist before the baseline, so they
 * are not counted; what is counted is everything N parked tasks keep alive: thread /
 * G objects, stack chunks, the channel and whatever a blocked receive enqueues on it
 * (Go's sudog). A third line measures N channels alone, so that the goroutine's own
 * share can be told from its channel's.
 *
 * How large the frozen frames are depends on what C2 inlined, and that depends on the
 * call sites' type profiles. By default each kind runs only its one task shape, so the
 * JDK's VirtualThread.run (and our G.run) inline the whole task: the best case. With
 * --mixed, three other task shapes run first (MIX_ROUNDS rounds of MIX_N each), so those
 * call sites see several receivers, as in a program that runs more than one kind of task:
 * frames are then compiled apart, and both kinds cost more.
 *
 * With --census, one more round of each kind prints what its N tasks keep alive class
 * by class and the sizes of their frozen stacks (HeapCensus; the stack part needs
 * --add-opens java.base/jdk.internal.vm=ALL-UNNAMED too). That round's own figure is
 * not reported: the census's first histogram is live during its second heap reading.
 *
 * Not a JMH benchmark: one measurement of a quantity, not a timing. Run it with
 *
 *   java --add-opens java.base/java.lang=ALL-UNNAMED -Xmx8g \
 *        -cp benchmarks/target/benchmarks.jar \
 *        io.goroutines.benchmarks.chan.ParkedGoroutineMemory [--mixed] [--census] [N]
 *
 * or benchmarks/run-memory.sh, which runs it both ways. N defaults to 1,000,000. Without the --add-opens the
 * goroutines runtime falls back to the JDK's scheduler; the run says so and goes on
 * (the figure is then that of the fallback).
 */
public final class ParkedGoroutineMemory {

    static final int DEFAULT_N = 1_000_000;
    /** How long to wait for all N to start and park before giving up. */
    static final long PARK_TIMEOUT_SECONDS = 300;
    /** Full GCs per heap reading; more when the reading still moves (see usedHeapAfterGc). */
    static final int MIN_GCS = 3;

    /**
     * Warm-up size: starts each scheduler (carrier pool, Ms) before its baseline is taken,
     * and runs each path often enough that the JIT has compiled it: a thread that parks
     * in interpreted code freezes larger stack frames, which made single runs vary by
     * about 25%.
     */
    static final int WARMUP_N = 200_000;
    /**
     * Warm-up rounds of {@link #WARMUP_N} per kind. Fewer left some threads parking in
     * C1-compiled frames, whose stack chunks are up to 90 words instead of 40.
     */
    static final int WARMUP_ROUNDS = 6;
    /**
     * Measured rounds of N per kind; the median is reported. Which frames C2 had compiled
     * when the threads parked still moves a single reading by 80-130 bytes.
     */
    static final int ROUNDS = 3;

    /** With --mixed: rounds of the other task shapes run before a kind's warm-up. */
    static final int MIX_ROUNDS = 5;
    /** With --mixed: tasks of each other shape per round. */
    static final int MIX_N = 20_000;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** Tells the parked virtual threads to return. Written by main only, after the heap reading. */
    private static volatile boolean release;

    private ParkedGoroutineMemory() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = DEFAULT_N;
        boolean mixed = false;
        boolean census = false;
        for (String a : args) {
            if (a.equals("--mixed")) {
                mixed = true;
            } else if (a.equals("--census")) {
                census = true;
            } else if (a.matches("[0-9][0-9_,]*")) {
                n = Integer.parseInt(a.replace("_", "").replace(",", ""));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "': usage: "
                        + "ParkedGoroutineMemory [--mixed] [--census] [N], N a positive count (default " + DEFAULT_N + ")");
            }
        }
        System.out.printf(Locale.ROOT, "ParkedGoroutineMemory: N=%,d, %s, max heap %,d MiB, %s%n",
                n, Runtime.version(), Runtime.getRuntime().maxMemory() >> 20,
                mixed ? "mixed task shapes (--mixed): frames compiled apart" : "one task shape per kind: best case");
        if (mixed) {
            for (int i = 0; i < MIX_ROUNDS; i++) {
                mixVirtualThreads(MIX_N);
            }
        }

        // The JDK baseline first: it does not start the goroutines runtime. Each kind
        // is run once small first, so that its scheduler's own start-up is in the baseline.
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            virtualThreads(WARMUP_N);
        }
        long vthreads = median("virtual threads", ParkedGoroutineMemory::virtualThreads, n);
        report("JDK virtual threads parked in LockSupport.park", vthreads, n);
        if (census) {
            virtualThreads(n, true);
        }

        String sched = GoRuntime.scheduler();
        System.out.printf(Locale.ROOT, "goroutines runtime: scheduler=%s, GOMAXPROCS=%d%n",
                sched, GoRuntime.gomaxprocs(0));
        if (!"gmp".equals(sched)) {
            System.out.println("WARNING: the goroutines runtime fell back to the JDK's scheduler "
                    + "(run with --add-opens java.base/java.lang=ALL-UNNAMED); the goroutine figures "
                    + "below are those of the fallback");
        }
        if (mixed) {
            for (int i = 0; i < MIX_ROUNDS; i++) {
                mixGoroutines(MIX_N);
            }
        }
        channelsOnly(WARMUP_N);
        long channels = channelsOnly(n);
        report("unbuffered channels alone (Chan.make())", channels, n);
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            goroutines(WARMUP_N);
        }
        long goroutines = median("goroutines", ParkedGoroutineMemory::goroutines, n);
        report("goroutines parked in <-ch on their own channel", goroutines, n);
        report("  of which the goroutine (minus its channel)", goroutines - channels, n);
        if (census) {
            goroutines(n, true);
        }
        System.out.printf(Locale.ROOT, "ratio goroutine (with channel) / virtual thread: %.2f%n",
                (double) goroutines / vthreads);
    }

    /** A measurement of n tasks. */
    private interface Measure {
        long bytes(int n) throws InterruptedException;
    }

    /** The median of {@link #ROUNDS} measurements, each printed. */
    private static long median(String what, Measure m, int n) throws InterruptedException {
        long[] r = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            r[i] = m.bytes(n);
            System.out.printf(Locale.ROOT, "  %s, round %d: %,.1f bytes each%n", what, i + 1, (double) r[i] / n);
        }
        java.util.Arrays.sort(r);
        return r[ROUNDS / 2];
    }

    private static void report(String what, long bytes, int n) {
        System.out.printf(Locale.ROOT, "%-50s %,10.1f bytes each (%,d MiB for %,d)%n",
                what, (double) bytes / n, bytes >> 20, n);
    }

    /** Heap bytes held by {@code n} virtual threads parked in LockSupport.park. */
    static long virtualThreads(int n) throws InterruptedException {
        return virtualThreads(n, false);
    }

    /** {@link #virtualThreads(int)}; with {@code census}, also prints its {@link HeapCensus}. */
    static long virtualThreads(int n, boolean census) throws InterruptedException {
        Thread[] threads = new Thread[n];
        CountDownLatch started = new CountDownLatch(n);
        release = false;
        long base = usedHeapAfterGc();
        Map<String, long[]> before = census ? HeapCensus.classHistogram() : null;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                started.countDown();
                while (!release) {
                    LockSupport.park();
                }
            });
        }
        awaitParked(started, threads, "virtual threads", t0);
        long used = usedHeapAfterGc();
        if (census) {
            HeapCensus.printDiff("virtual threads", before, HeapCensus.classHistogram(), n);
            HeapCensus.printStackChunks("virtual threads", threads);
        }

        release = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return used - base;
    }

    /**
     * Three task shapes other than {@link #virtualThreads}'s, {@code n} virtual threads
     * each, parked and then released: park with a blocker, timed park, and park in a
     * deeper frame.
     */
    static void mixVirtualThreads(int n) throws InterruptedException {
        Object blocker = new Object();
        Thread[] threads = new Thread[3 * n];
        CountDownLatch started = new CountDownLatch(3 * n);
        release = false;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            threads[3 * i] = Thread.ofVirtual().start(() -> {
                started.countDown();
                while (!release) {
                    LockSupport.park(blocker);
                }
            });
            threads[3 * i + 1] = Thread.ofVirtual().start(() -> {
                started.countDown();
                while (!release) {
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(PARK_TIMEOUT_SECONDS));
                }
            });
            threads[3 * i + 2] = Thread.ofVirtual().start(() -> parkUntilReleased(started));
        }
        started.await(PARK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        release = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(PARK_TIMEOUT_SECONDS)) {
            throw new IllegalStateException("the mixed virtual threads took over " + PARK_TIMEOUT_SECONDS + " s");
        }
    }

    private static void parkUntilReleased(CountDownLatch started) {
        started.countDown();
        while (!release) {
            LockSupport.park();
        }
    }

    /**
     * Three task shapes other than {@link #goroutines}'s, {@code n} goroutines each,
     * blocked on shared channels and then released by closing them: {@code recvOk},
     * a range loop, and a one-case select.
     */
    static void mixGoroutines(int n) throws InterruptedException {
        Chan<Object> a = Chan.make();
        Chan<Object> b = Chan.make();
        Chan<Object> c = Chan.make();
        CountDownLatch exited = new CountDownLatch(3 * n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                a.recvOk();
                exited.countDown();
            });
            Go.go(() -> {
                for (Object ignored : b) {
                    // drained by close
                }
                exited.countDown();
            });
            Go.go(() -> {
                Go.select().recv(c, v -> { }).run();
                exited.countDown();
            });
        }
        // Let most of them block before the release (not required for correctness: a
        // goroutine that starts after the close returns at once).
        while (GoRuntime.numGoroutine() < 3 * n && exited.getCount() == 3L * n) {
            Thread.sleep(10);
        }
        a.close();
        b.close();
        c.close();
        if (!exited.await(PARK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(exited.getCount() + " mixed goroutines did not return");
        }
    }

    /** Heap bytes held by {@code n} unbuffered channels nobody uses. */
    static long channelsOnly(int n) {
        Object[] chans = new Object[n];
        long base = usedHeapAfterGc();
        for (int i = 0; i < n; i++) {
            chans[i] = Chan.make();
        }
        long used = usedHeapAfterGc();
        Reference.reachabilityFence(chans);
        return used - base;
    }

    /** Heap bytes held by {@code n} goroutines each blocked in a receive on its own unbuffered channel. */
    static long goroutines(int n) throws InterruptedException {
        return goroutines(n, false);
    }

    /** {@link #goroutines(int)}; with {@code census}, also prints its {@link HeapCensus}. */
    static long goroutines(int n, boolean census) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Chan<Object>[] chans = new Chan[n];
        Thread[] threads = new Thread[n];
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch exited = new CountDownLatch(n);
        long base = usedHeapAfterGc();
        Map<String, long[]> before = census ? HeapCensus.classHistogram() : null;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Chan<Object> c = Chan.make();
            chans[i] = c;
            int k = i;
            Go.go(() -> {
                threads[k] = Thread.currentThread();
                started.countDown();
                c.recv();
                exited.countDown();
            });
        }
        awaitParked(started, threads, "goroutines", t0);
        long used = usedHeapAfterGc();
        if (census) {
            HeapCensus.printDiff("goroutines", before, HeapCensus.classHistogram(), n);
            HeapCensus.printStackChunks("goroutines", threads);
        }

        for (Chan<Object> c : chans) {
            c.close();
        }
        if (!exited.await(PARK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(exited.getCount() + " of " + n
                    + " goroutines did not return after their channel was closed");
        }
        return used - base;
    }

    /**
     * Waits until all {@code threads} have started and are parked. The latch says they
     * started; WAITING says each has reached its park (a started one may still be on
     * its way there, or be runnable again after a spurious wakeup). {@code t0}: when
     * the first was started, for the time printed.
     */
    private static void awaitParked(CountDownLatch started, Thread[] threads, String what, long t0)
            throws InterruptedException {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(PARK_TIMEOUT_SECONDS);
        if (!started.await(PARK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(started.getCount() + " of " + threads.length + " " + what
                    + " had not started after " + PARK_TIMEOUT_SECONDS + " s");
        }
        int from = 0;   // threads[0 .. from) are known to be parked
        while (from < threads.length) {
            Thread t = threads[from];
            if (t != null && t.getState() == Thread.State.WAITING) {
                from++;
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(what + " #" + from + " is not parked after "
                        + PARK_TIMEOUT_SECONDS + " s: " + (t == null ? "not started" : t.getState()));
            }
            Thread.sleep(10);
        }
        if (threads.length > WARMUP_N) {
            System.out.printf(Locale.ROOT, "  %,d %s started and parked in %,d ms%n", threads.length, what,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    /**
     * The used heap after full GCs: at least MIN_GCS, and more (up to ten) while the
     * reading still falls by more than a MiB, because a GC may leave work (reference
     * processing, finalizable objects) to the next one.
     */
    static long usedHeapAfterGc() {
        long prev = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 10; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = MEMORY.getHeapMemoryUsage().getUsed();
            if (i + 1 >= MIN_GCS && prev - used < (1 << 20)) {
                break;
            }
            prev = used;
        }
        return used;
    }

}
