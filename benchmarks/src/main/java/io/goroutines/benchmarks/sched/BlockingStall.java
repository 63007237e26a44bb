package io.goroutines.benchmarks.sched;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Received;
import io.goroutines.benchmarks.support.Flags;
import io.goroutines.sync.WaitGroup;
import io.goroutines.time.Time;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/*
 * Do goroutines blocked in the kernel stall the others? N goroutines (default 1,000)
 * each open and read a FIFO of their own. Opening a FIFO for reading blocks in the
 * kernel until a writer opens it, and a virtual thread blocked there pins its carrier
 * (the M), so until the scheduler hands that M's P to another M, the goroutines queued
 * on the P do not run. Meanwhile
 *
 *   a probe goroutine     sleeps 1 ms again and again (Time.sleep) and records the time
 *                         of each tick: a gap between two ticks much longer than 1 ms is
 *                         a stall of the scheduler;
 *   a ping-pong pair      of goroutines sends a value back and forth over two unbuffered
 *                         channels, counting round trips.
 *
 * Timeline: WARMUP (300 ms) with only the probe and the pair, then BASELINE (default
 * 1 s) measured, then the N readers are started and the blocked WINDOW (default 2 s)
 * is measured; at its end a platform thread (not a goroutine: it must run while the
 * goroutines are stalled) opens every FIFO for writing, writes one byte and so releases
 * every reader; the program then waits for all readers (bounded by -timeout) and
 * stops. The same platform thread samples, every 1 ms, how many readers have reached
 * their open call, and every 10 ms or so (longer with many threads) how many threads
 * of the process are blocked in the kernel's FIFO open (Linux: /proc/self/task/T/wchan
 * is "wait_for_partner") and how many threads the process has (/proc/self/task) and
 * the scheduler has made (GoRuntime.schedStats().threads(), the Ms).
 *
 * Printed: the probe's gaps (p50, p99, max) during the baseline and during the blocked
 * window; the ping-pong round trips per second in both; the time until every reader
 * had called open and until every reader was blocked in the kernel; the threads at the
 * peak and after every reader returned; how long the readers took to return after the
 * release. The last line, starting with RESULT, is for benchmarks/run-blocking.sh.
 * benchmarks/src/main/go/blocking_stall.go is the same program in Go.
 *
 * The writer opens each FIFO read-write (RandomAccessFile "rw"): on Linux that never
 * blocks, whether or not a reader is there yet, and it keeps every write end open until
 * every reader has returned, so that a reader that reaches its open late still finds a
 * writer and its byte. Should readers not return within -timeout, the write ends are
 * left open (closed when the process exits) and the FIFOs are unlinked, so that a
 * reader that has not opened yet fails instead of blocking. The whole run is bounded:
 * a Go.main that has not returned in time is reported as hung and the process exits.
 *
 * The FIFOs are made with mkfifo(1) before Go.main starts (the JDK cannot make a
 * FIFO), in a temporary directory that is removed at the end.
 *
 * Usage (flags as Go's flag package: -name value or -name=value):
 *
 *   java --add-opens java.base/java.lang=ALL-UNNAMED \
 *        -cp benchmarks/target/benchmarks.jar io.goroutines.benchmarks.sched.BlockingStall \
 *        [-n 1000] [-window 2] [-baseline 1] [-procs 0] [-timeout 30]
 *
 *   -n         readers (FIFOs)
 *   -window    seconds the readers stay blocked
 *   -baseline  seconds measured before the readers start
 *   -procs     GOMAXPROCS (0: the runtime's default)
 *   -timeout   seconds allowed for the readers to return after the release
 *
 * Or benchmarks/run-blocking.sh, which runs the Go program too and prints a table.
 */
public final class BlockingStall {

    static final Duration TICK = Duration.ofMillis(1);
    static final long WARMUP_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** Shortest interval between two scans of /proc/self/task. */
    static final long SCAN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** What /proc/self/task/T/wchan says of a thread blocked in open(2) of a FIFO with no writer. */
    static final String FIFO_OPEN_WCHAN = "wait_for_partner";
    /** FIFOs per mkfifo command. */
    static final int MKFIFO_BATCH = 256;

    private BlockingStall() {
    }

    record Options(int n, double windowSeconds, double baselineSeconds, int procs, double timeoutSeconds) {

        static Options parse(String[] args) {
            int n = 1000;
            double window = 2;
            double baseline = 1;
            int procs = 0;
            double timeout = 30;
            for (Flags.Flag f : Flags.parse(args)) {
                String value = f.value().replace("_", "").replace(",", "");
                switch (f.name()) {
                    case "n" -> n = Integer.parseInt(value);
                    case "window" -> window = Double.parseDouble(value);
                    case "baseline" -> baseline = Double.parseDouble(value);
                    case "procs" -> procs = Integer.parseInt(value);
                    case "timeout" -> timeout = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException("unknown flag: -" + f.name()
                            + " (flags: -n, -window, -baseline, -procs, -timeout)");
                }
            }
            if (n < 1 || window <= 0 || baseline <= 0 || timeout <= 0) {
                throw new IllegalArgumentException("-n, -window, -baseline and -timeout must be positive");
            }
            return new Options(n, window, baseline, procs, timeout);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path dir = Files.createTempDirectory("blocking-stall");
        int exit = 0;
        try {
            List<Path> fifos = makeFifos(dir, o.n);
            Run run = new Run(o, fifos);
            exit = run.execute();
        } finally {
            deleteQuietly(dir);
        }
        System.exit(exit);   // the goroutines runtime's threads need not end
    }

    /** Makes n FIFOs in dir with mkfifo(1), a batch per command. */
    static List<Path> makeFifos(Path dir, int n) throws IOException, InterruptedException {
        List<Path> fifos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fifos.add(dir.resolve("fifo-" + i));
        }
        for (int from = 0; from < n; from += MKFIFO_BATCH) {
            List<String> cmd = new ArrayList<>();
            cmd.add("mkfifo");
            for (Path p : fifos.subList(from, Math.min(n, from + MKFIFO_BATCH))) {
                cmd.add(p.toString());
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("mkfifo failed: " + out.strip());
            }
        }
        return fifos;
    }

    static void deleteQuietly(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("BlockingStall: could not remove " + dir + ": " + e);
        }
    }

    /** One run of the program; the fields are its measurements. */
    static final class Run {
        private final Options o;
        private final List<Path> fifos;
        private final int n;

        /** Tick times of the probe (System.nanoTime), written by the probe only. */
        private final long[] ticks;
        private volatile int tickCount;
        private final AtomicLong roundTrips = new AtomicLong();
        private final AtomicInteger entered = new AtomicInteger();
        private final AtomicInteger returned = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final CountDownLatch readersDone;
        private final CountDownLatch writerDone = new CountDownLatch(1);
        private volatile boolean stop;
        private volatile Throwable failure;

        // set by the main goroutine
        private volatile long baselineStart;
        private volatile long rtAtBaselineStart;
        // set by the writer thread
        private volatile long windowStart;
        private volatile long rtAtWindowStart;
        private volatile long releaseAt;
        private volatile long rtAtRelease;
        private volatile long releasedAt;
        private volatile long allEnteredAt;
        private volatile int enteredAtRelease;
        private volatile long allParkedAt;
        private volatile long allReturnedAt;
        private volatile int maxParked = -1;
        private volatile int peakTasks = -1;
        private volatile int peakMs = -1;
        private volatile int tasksAfter = -1;
        private volatile int msAfter = -1;
        private volatile boolean writeEndsLeftOpen;

        Run(Options o, List<Path> fifos) {
            this.o = o;
            this.fifos = fifos;
            this.n = fifos.size();
            this.readersDone = new CountDownLatch(n);
            double seconds = WARMUP_NANOS / 1e9 + o.baselineSeconds + o.windowSeconds + o.timeoutSeconds + 5;
            this.ticks = new long[(int) Math.min(10_000_000, seconds * 1000 / TICK.toMillis() + 1000)];
        }

        int execute() throws InterruptedException {
            Thread main = Thread.ofPlatform().name("blocking-stall-go-main").daemon(true).start(() -> {
                try {
                    Go.main(this::body);
                } catch (Throwable t) {
                    failure = t;
                }
            });
            long bound = (long) ((WARMUP_NANOS / 1e9 + o.baselineSeconds + o.windowSeconds + o.timeoutSeconds
                    + 15) * 1000);
            main.join(bound);
            if (main.isAlive()) {
                stop = true;
                System.out.println("HUNG: Go.main had not returned after " + bound + " ms; "
                        + returned.get() + " of " + n + " readers returned; " + GoRuntime.schedStats());
                writerDone.await((long) o.timeoutSeconds + 5, TimeUnit.SECONDS);
                report();
                return 2;
            }
            if (!writerDone.await((long) o.timeoutSeconds + 5, TimeUnit.SECONDS)) {
                System.out.println("the writer thread had not finished");
            }
            report();
            if (failure != null) {
                System.out.println("FAILED: " + failure);
                failure.printStackTrace(System.out);
                return 1;
            }
            return returned.get() == n ? 0 : 1;
        }

        /** The main goroutine. */
        private void body() {
            if (o.procs > 0) {
                GoRuntime.gomaxprocs(o.procs);
            }
            Chan<Boolean> probeDone = Chan.make(1);
            Chan<Boolean> pairDone = Chan.make(2);
            Go.go(() -> {
                try {
                    probe();
                } finally {
                    probeDone.send(true);
                }
            });
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {   // pinger
                try {
                    while (!stop) {
                        ping.send(1);
                        pong.recv();
                        roundTrips.incrementAndGet();
                    }
                    ping.close();
                } finally {
                    pairDone.send(true);
                }
            });
            Go.go(() -> {   // ponger
                try {
                    for (Received<Integer> r = ping.recvOk(); r.ok(); r = ping.recvOk()) {
                        pong.send(r.value());
                    }
                } finally {
                    pairDone.send(true);
                }
            });
            Time.sleep(Duration.ofNanos(WARMUP_NANOS));
            rtAtBaselineStart = roundTrips.get();
            baselineStart = System.nanoTime();
            Time.sleep(Duration.ofNanos((long) (o.baselineSeconds * 1e9)));

            Thread.ofPlatform().name("blocking-stall-writer").daemon(true).start(this::writer);
            while (windowStart == 0) {   // the writer takes the window's start
                Time.sleep(Duration.ofMillis(1));
            }
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (Path fifo : fifos) {
                Go.go(() -> read(fifo, wg));
            }
            Chan<Boolean> allReturned = Chan.make(1);
            Go.go(() -> {
                wg.await();
                allReturned.send(true);
            });
            Duration bound = Duration.ofNanos((long) ((o.windowSeconds + o.timeoutSeconds + 1) * 1e9));
            Go.select().recv(allReturned, v -> { }).recv(Time.after(bound), t -> { }).run();
            stop = true;
            Duration grace = Duration.ofSeconds(5);
            for (int i = 0; i < 3; i++) {
                Chan<Boolean> c = i == 0 ? probeDone : pairDone;
                Go.select().recv(c, v -> { }).recv(Time.after(grace), t -> { }).run();
            }
        }

        /** A reader goroutine: opens its FIFO (blocks until a writer opens it) and reads a byte. */
        private void read(Path fifo, WaitGroup wg) {
            try {
                entered.incrementAndGet();
                try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                    in.read();
                }
            } catch (IOException | RuntimeException e) {
                failed.incrementAndGet();
            } finally {
                returned.incrementAndGet();
                readersDone.countDown();
                wg.done();
            }
        }

        /** The probe goroutine: ticks every TICK, recording each tick's time. */
        private void probe() {
            while (!stop) {
                int i = tickCount;
                if (i < ticks.length) {
                    ticks[i] = System.nanoTime();
                    tickCount = i + 1;
                }
                Time.sleep(TICK);
            }
        }

        /**
         * The writer, a platform thread: watches the readers during the window,
         * releases them at its end, waits for them to return, closes and unlinks.
         */
        private void writer() {
            List<RandomAccessFile> writeEnds = new ArrayList<>(n);
            try {
                rtAtWindowStart = roundTrips.get();
                long start = System.nanoTime();
                releaseAt = start + (long) (o.windowSeconds * 1e9);
                windowStart = start;
                long nextScan = start;
                while (System.nanoTime() < releaseAt) {
                    if (allEnteredAt == 0 && entered.get() == n) {
                        allEnteredAt = System.nanoTime();
                    }
                    if (System.nanoTime() >= nextScan) {
                        long t0 = System.nanoTime();
                        int parked = scanThreads();
                        long t1 = System.nanoTime();
                        if (parked > maxParked) {
                            maxParked = parked;
                        }
                        if (allParkedAt == 0 && parked >= n) {
                            allParkedAt = t1;
                        }
                        nextScan = t1 + Math.max(SCAN_INTERVAL_NANOS, 2 * (t1 - t0));
                    }
                    LockSupport.parkNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(1), releaseAt - System.nanoTime()));
                }
                rtAtRelease = roundTrips.get();
                enteredAtRelease = entered.get();
                if (allEnteredAt == 0 && enteredAtRelease == n) {
                    allEnteredAt = System.nanoTime();
                }
                for (Path fifo : fifos) {
                    try {
                        RandomAccessFile w = new RandomAccessFile(fifo.toFile(), "rw");
                        writeEnds.add(w);
                        w.write(1);
                    } catch (IOException e) {
                        System.err.println("BlockingStall: could not write " + fifo + ": " + e);
                    }
                }
                releasedAt = System.nanoTime();
                long deadline = releasedAt + (long) (o.timeoutSeconds * 1e9);
                while (readersDone.getCount() > 0 && System.nanoTime() < deadline) {
                    scanThreads();
                    readersDone.await(5, TimeUnit.MILLISECONDS);
                }
                if (readersDone.getCount() == 0) {
                    allReturnedAt = System.nanoTime();
                    tasksAfter = taskCount();
                    msAfter = GoRuntime.schedStats().threads();
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (readersDone.getCount() == 0) {
                    for (RandomAccessFile w : writeEnds) {
                        try {
                            w.close();
                        } catch (IOException e) {
                            // nothing to do: the reader has its byte
                        }
                    }
                } else {
                    writeEndsLeftOpen = true;   // a late reader still finds a writer
                }
                for (Path fifo : fifos) {
                    try {
                        Files.deleteIfExists(fifo);
                    } catch (IOException e) {
                        // removed with the directory, or left in /tmp
                    }
                }
                writerDone.countDown();
            }
        }

        /**
         * Counts the threads of the process and those blocked in a FIFO open, and
         * updates the peaks; returns the blocked ones (-1 without /proc).
         */
        private int scanThreads() {
            int tasks = 0;
            int parked = 0;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path t : s) {
                    tasks++;
                    try {
                        if (Files.readString(t.resolve("wchan")).startsWith(FIFO_OPEN_WCHAN)) {
                            parked++;
                        }
                    } catch (IOException e) {
                        // the thread has ended
                    }
                }
            } catch (IOException e) {
                return -1;
            }
            if (tasks > peakTasks) {
                peakTasks = tasks;
            }
            int ms = GoRuntime.schedStats().threads();
            if (ms > peakMs) {
                peakMs = ms;
            }
            return parked;
        }

        private static int taskCount() {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                int tasks = 0;
                for (Path ignored : s) {
                    tasks++;
                }
                return tasks;
            } catch (IOException e) {
                return -1;
            }
        }

        /** Gaps between successive ticks whose first tick lies in [from, to), sorted. */
        private long[] gaps(long from, long to) {
            int count = tickCount;
            long[] g = new long[Math.max(0, count - 1)];
            int k = 0;
            for (int i = 1; i < count; i++) {
                if (ticks[i - 1] >= from && ticks[i - 1] < to) {
                    g[k++] = ticks[i] - ticks[i - 1];
                }
            }
            g = Arrays.copyOf(g, k);
            Arrays.sort(g);
            return g;
        }

        private void report() {
            long ws = windowStart;
            long rel = releaseAt;
            System.out.printf(Locale.ROOT, "BlockingStall (goroutines): n=%d window=%.1fs baseline=%.1fs "
                            + "gomaxprocs=%d scheduler=%s, %d processors, java %s%n",
                    n, o.windowSeconds, o.baselineSeconds, GoRuntime.gomaxprocs(0), GoRuntime.scheduler(),
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            if (ws == 0) {
                System.out.println("the blocked window never started");
                return;
            }
            long[] base = gaps(baselineStart, ws);
            long[] win = gaps(ws, rel);
            printGaps("probe gaps (1 ms sleeps), baseline", base);
            printGaps("probe gaps (1 ms sleeps), blocked window", win);
            double baseRate = (rtAtWindowStart - rtAtBaselineStart) / ((ws - baselineStart) / 1e9);
            double winRate = (rtAtRelease - rtAtWindowStart) / ((rel - ws) / 1e9);
            System.out.printf(Locale.ROOT, "%-44s baseline %,.0f/s, blocked window %,.0f/s%n",
                    "ping-pong round trips", baseRate, winRate);
            System.out.printf(Locale.ROOT, "%-44s %s%n", "all readers called open after",
                    allEnteredAt == 0 ? "never (" + enteredAtRelease + " of " + n + " by the release)"
                            : ms(allEnteredAt - ws) + " ms");
            System.out.printf(Locale.ROOT, "%-44s %s%n", "all readers blocked in the kernel after",
                    allParkedAt == 0 ? "never (at most " + maxParked + " of " + n + " seen)"
                            : ms(allParkedAt - ws) + " ms");
            System.out.printf(Locale.ROOT, "%-44s %d OS threads, %d Ms%n", "threads at the peak", peakTasks, peakMs);
            System.out.printf(Locale.ROOT, "%-44s %s%n", "threads after all readers returned",
                    tasksAfter < 0 ? "-" : tasksAfter + " OS threads, " + msAfter + " Ms");
            System.out.printf(Locale.ROOT, "%-44s %d of %d (%d failed)%s%n", "readers returned",
                    returned.get(), n, failed.get(),
                    allReturnedAt == 0 ? "" : ", " + ms(allReturnedAt - releasedAt) + " ms after the release");
            if (writeEndsLeftOpen) {
                System.out.println("(readers still blocked: the write ends were left open, the FIFOs unlinked)");
            }
            System.out.println("sched: " + GoRuntime.schedStats());
            System.out.printf(Locale.ROOT, "RESULT impl=goroutines max_stall_ms=%s p99_stall_ms=%s "
                            + "pingpong_base_per_s=%.0f pingpong_window_per_s=%.0f threads_peak=%d ms_peak=%d "
                            + "all_parked_ms=%s returned=%d/%d%n",
                    win.length == 0 ? "-" : ms(win[win.length - 1]), win.length == 0 ? "-" : ms(percentile(win, 0.99)),
                    baseRate, winRate, peakTasks, peakMs, allParkedAt == 0 ? "never" : ms(allParkedAt - ws),
                    returned.get(), n);
        }

        private static void printGaps(String name, long[] g) {
            if (g.length == 0) {
                System.out.printf(Locale.ROOT, "%-44s no tick%n", name);
                return;
            }
            System.out.printf(Locale.ROOT, "%-44s n=%d p50 %s ms, p99 %s ms, max %s ms%n", name, g.length,
                    ms(percentile(g, 0.5)), ms(percentile(g, 0.99)), ms(g[g.length - 1]));
        }
    }

    /** The q-quantile (nearest rank) of sorted samples. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
