package io.goroutines.benchmarks.time;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.time.Time;
import io.goroutines.time.Timer;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/*
 * A million timers at once: N timers (default 1,000,000) armed back to back from one
 * goroutine / thread, with delays drawn uniformly from [0, 100 ms] (the same delays,
 * seed 42, for every kind), each counting down a shared counter when it fires. For
 * each kind it prints
 *   - arm ms:   from the first arm to the return of the last;
 *   - wall ms:  from the first arm to the last fire (at least the largest delay,
 *               100 ms; what exceeds 100 ms + arm ms is how far behind the last
 *               timers fired);
 *   - peak heap: the highest used heap seen during the run, as the largest of a
 *               sample every 5 ms (MemoryMXBean, from a platform thread) and of the
 *               heap's occupancy just before each GC (GC notifications); printed
 *               absolute and above the baseline (used heap after full GCs, before the
 *               first arm). It counts garbage not collected yet, so it depends on the
 *               GC and -Xmx as much as on the timers;
 *   - RSS peak: the process's VmHWM (/proc/self/status), reset before the run by
 *               writing 5 to /proc/self/clear_refs (Linux 4.0+); "n/r" after the
 *               figure when the reset failed, which makes it the peak of the whole
 *               process so far;
 *   - GCs:      collections during the run, and their total time.
 * and then, as a live-memory figure that does not depend on the GC's timing, the heap
 * bytes each pending timer holds: N timers armed an hour away, full GCs, used heap
 * minus the baseline, divided by N (then the timers are stopped).
 *
 * Kinds, in this order:
 *   stpe          a ScheduledThreadPoolExecutor with availableProcessors() threads;
 *                 stpe.schedule(countDown, d): the task runs on the timer thread;
 *   stpe+vthread  the same executor, the task starting a virtual thread that counts
 *                 down: the shape of Go's AfterFunc, whose f runs in its own goroutine;
 *   goroutines    Time.afterFunc(d, countDown) from a goroutine (f runs in its own
 *                 goroutine, as in Go).
 * The JDK kinds run first, before anything starts the goroutines runtime; each
 * executor is shut down after its run. Each kind runs WARMUP_ROUNDS times with N timers
 * first (JIT, executor and runtime start-up: like JMH's warm-up iterations; the first
 * run of a kind is up to twice as slow as the later ones), then once more, measured. The delays are prepared before
 * the baseline (long nanos for the executor, Duration objects for ours), so neither
 * kind allocates them while arming.
 *
 * benchmarks/src/main/go/million_timers.go is the same for Go (time.AfterFunc from the
 * main goroutine), and benchmarks/run-million-timers.sh runs both.
 *
 * Not a JMH benchmark: one run of a bulk operation, not a steady-state rate. Run it with
 *
 *   java --add-opens java.base/java.lang=ALL-UNNAMED -Xmx4g \
 *        -cp benchmarks/target/benchmarks.jar \
 *        io.goroutines.benchmarks.time.MillionTimers [N [MAX_DELAY_MS]]
 *
 * Until io.goroutines.time is implemented, the goroutines lines fail with "not yet
 * implemented" and the JDK lines are still printed.
 */
public final class MillionTimers {

    static final int DEFAULT_N = 1_000_000;
    static final long DEFAULT_MAX_DELAY_MS = 100;
    /** Unmeasured full-size runs of each kind before the measured one. */
    static final int WARMUP_ROUNDS = 2;
    /** Period of the heap sampler. */
    static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long a run may take before it is declared hung. */
    static final long FIRE_TIMEOUT_SECONDS = 120;
    /** Seed of the delays: every kind (and every run) gets the same ones. */
    static final long SEED = 42;
    /** Full GCs per heap reading; more when the reading still moves. */
    static final int MIN_GCS = 3;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private MillionTimers() {
    }

    /** The kinds compared, in the order they run. */
    enum Kind {
        STPE("stpe", "STPE(" + procs() + "): the task counts down"),
        STPE_VTHREAD("stpe+vthread", "STPE(" + procs() + "): the task starts a vthread"),
        GOROUTINES("goroutines", "Time.afterFunc: f in its own goroutine");

        final String name;
        final String description;

        Kind(String name, String description) {
            this.name = name;
            this.description = description;
        }

        static int procs() {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * The shared function of every timer: counts down, and the one that reaches zero
     * notes the time and opens {@link #done}. One instance per run, so no timer
     * allocates a function of its own.
     */
    static final class CountDown implements Runnable {
        final AtomicInteger left;
        final CountDownLatch done = new CountDownLatch(1);
        /** System.nanoTime() of the last fire; written once, before done opens. */
        volatile long lastFire;

        CountDown(int n) {
            left = new AtomicInteger(n);
        }

        @Override
        public void run() {
            if (left.decrementAndGet() == 0) {
                lastFire = System.nanoTime();
                done.countDown();
            }
        }
    }

    /** What one run measured. */
    record Result(long armNanos, long wallNanos, long baseHeap, long peakHeap, long rssPeakKiB,
                  boolean rssReset, long gcs, long gcMillis) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : DEFAULT_N;
        long maxDelayMs = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_MAX_DELAY_MS;
        long maxDelay = TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
        System.out.printf(Locale.ROOT, "MillionTimers: N=%,d timers, delays uniform in [0, %d ms], "
                        + "%d processors, %s, max heap %,d MiB, GC %s%n",
                n, maxDelayMs, Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));

        int max = n;
        long[] nanos = new long[max];
        Duration[] durations = new Duration[max];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < max; i++) {
            nanos[i] = random.nextLong(maxDelay + 1);
            durations[i] = Duration.ofNanos(nanos[i]);
        }

        PeakHeap peak = new PeakHeap();
        System.out.printf(Locale.ROOT, "%-14s %-38s %8s %8s %13s %13s %13s %11s%n", "kind", "",
                "arm ms", "wall ms", "peak heap MiB", "above base", "RSS peak MiB", "GCs (ms)");
        for (Kind kind : Kind.values()) {
            if (kind == Kind.GOROUTINES) {
                System.out.printf(Locale.ROOT, "(goroutines runtime: scheduler=%s, GOMAXPROCS=%d)%n",
                        GoRuntime.scheduler(), GoRuntime.gomaxprocs(0));
            }
            try {
                for (int w = 0; w < WARMUP_ROUNDS; w++) {
                    run(kind, n, nanos, durations, peak);   // warm-up, not printed
                }
                Result r = run(kind, n, nanos, durations, peak);
                System.out.printf(Locale.ROOT, "%-14s %-38s %8.1f %8.1f %13.1f %13.1f %13s %11s%n",
                        kind.name, kind.description, r.armNanos / 1e6, r.wallNanos / 1e6,
                        r.peakHeap / 1048576.0, (r.peakHeap - r.baseHeap) / 1048576.0,
                        r.rssPeakKiB < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%s",
                                r.rssPeakKiB / 1024.0, r.rssReset ? "" : " n/r"),
                        r.gcs + " (" + r.gcMillis + ")");
            } catch (RuntimeException | Error e) {
                System.out.printf(Locale.ROOT, "%-14s %-38s failed: %s%n", kind.name, kind.description, e);
            }
        }
        peak.close();

        System.out.println();
        System.out.printf(Locale.ROOT, "heap bytes per pending timer (N=%,d armed an hour away, after full GCs):%n", n);
        for (Kind kind : new Kind[] {Kind.STPE, Kind.GOROUTINES}) {
            try {
                long bytes = pendingBytes(kind, n);
                System.out.printf(Locale.ROOT, "%-14s %-38s %8.1f bytes each%n", kind.name,
                        kind == Kind.STPE ? "STPE.schedule" : "Time.afterFunc",
                        (double) bytes / n);
            } catch (RuntimeException | Error e) {
                System.out.printf(Locale.ROOT, "%-14s failed: %s%n", kind.name, e);
            }
        }
        System.out.println();
        System.out.println("STPE: ScheduledThreadPoolExecutor(availableProcessors()); "
                + "vthread: virtual thread.");
        System.out.println("wall: first arm to last fire (>= the largest delay); peak heap: highest used heap "
                + "(5 ms samples and pre-GC occupancy), garbage included; above base: minus the used heap "
                + "after full GCs before the run; RSS peak: VmHWM since the run started "
                + "(n/r: could not reset, so since the process started).");
        System.exit(0);   // the goroutines runtime's threads need not end
    }

    /** Arms n timers of the given kind with delays nanos[0..n) and waits for all to fire. */
    static Result run(Kind kind, int n, long[] nanos, Duration[] durations, PeakHeap peak)
            throws InterruptedException {
        CountDown countDown = new CountDown(n);
        ScheduledThreadPoolExecutor stpe = kind == Kind.GOROUTINES ? null : newExecutor();
        Runnable startVirtual = () -> Thread.startVirtualThread(countDown);
        try {
            long base = usedHeapAfterGc();
            long[] gcBefore = gcTotals();
            boolean rssReset = resetRssPeak();
            peak.start();
            long t0;
            long armed;
            switch (kind) {
                case STPE, STPE_VTHREAD -> {
                    Runnable task = kind == Kind.STPE ? countDown : startVirtual;
                    t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        stpe.schedule(task, nanos[i], TimeUnit.NANOSECONDS);
                    }
                    armed = System.nanoTime();
                }
                case GOROUTINES -> {
                    long[] times = new long[2];
                    Throwable[] failure = new Throwable[1];
                    CountDownLatch returned = new CountDownLatch(1);
                    Go.go(() -> {
                        try {
                            times[0] = System.nanoTime();
                            for (int i = 0; i < n; i++) {
                                Time.afterFunc(durations[i], countDown);
                            }
                            times[1] = System.nanoTime();
                        } catch (Throwable t) {
                            failure[0] = t;
                        } finally {
                            returned.countDown();
                        }
                    });
                    if (!returned.await(FIRE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("arming " + n + " timers did not end within "
                                + FIRE_TIMEOUT_SECONDS + " s");
                    }
                    if (failure[0] != null) {
                        peak.stop();
                        throw new IllegalStateException("arming failed: " + failure[0], failure[0]);
                    }
                    t0 = times[0];
                    armed = times[1];
                }
                default -> throw new AssertionError(kind);
            }
            if (!countDown.done.await(FIRE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                peak.stop();
                throw new IllegalStateException(countDown.left.get() + " of " + n + " " + kind.name
                        + " timers had not fired after " + FIRE_TIMEOUT_SECONDS + " s");
            }
            long last = countDown.lastFire;
            long peakHeap = peak.stop();
            long rss = rssPeakKiB();
            long[] gcAfter = gcTotals();
            return new Result(armed - t0, last - t0, base, Math.max(peakHeap, base), rss, rssReset,
                    gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
        } finally {
            if (stpe != null) {
                stpe.shutdownNow();
                stpe.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Heap bytes held by n timers armed an hour away (from one goroutine / thread). */
    static long pendingBytes(Kind kind, int n) throws InterruptedException {
        Runnable nop = () -> { };
        Duration hour = Duration.ofHours(1);
        if (kind == Kind.GOROUTINES) {
            Timer[] timers = new Timer[n];
            long base = usedHeapAfterGc();
            Throwable[] failure = new Throwable[1];
            CountDownLatch returned = new CountDownLatch(1);
            Go.go(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        timers[i] = Time.afterFunc(hour, nop);
                    }
                } catch (Throwable t) {
                    failure[0] = t;
                } finally {
                    returned.countDown();
                }
            });
            returned.await();
            if (failure[0] != null) {
                throw new IllegalStateException("arming failed: " + failure[0], failure[0]);
            }
            long used = usedHeapAfterGc();
            for (Timer t : timers) {
                t.stop();
            }
            return used - base;
        }
        ScheduledThreadPoolExecutor stpe = newExecutor();
        try {
            @SuppressWarnings("unchecked")
            ScheduledFuture<?>[] futures = new ScheduledFuture[n];
            long base = usedHeapAfterGc();
            for (int i = 0; i < n; i++) {
                futures[i] = stpe.schedule(nop, 1, TimeUnit.HOURS);
            }
            long used = usedHeapAfterGc();
            for (ScheduledFuture<?> f : futures) {
                f.cancel(false);
            }
            return used - base;
        } finally {
            stpe.shutdownNow();
        }
    }

    /** The executor of the JDK kinds: one thread per processor, prestarted. */
    static ScheduledThreadPoolExecutor newExecutor() {
        ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(Kind.procs(),
                Thread.ofPlatform().name("stpe-timer-", 0).daemon().factory());
        stpe.setRemoveOnCancelPolicy(true);
        stpe.prestartAllCoreThreads();
        return stpe;
    }

    /**
     * The used heap after full GCs: at least MIN_GCS, and more (up to ten) while the
     * reading still falls by more than a MiB.
     */
    static long usedHeapAfterGc() {
        long prev = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 10; i++) {
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            used = MEMORY.getHeapMemoryUsage().getUsed();
            if (i + 1 >= MIN_GCS && prev - used < (1 << 20)) {
                break;
            }
            prev = used;
        }
        return used;
    }

    /** {count, time in ms} summed over the JVM's collectors. */
    static long[] gcTotals() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** Resets the process's VmHWM to its current RSS; false when Linux does not let us. */
    static boolean resetRssPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** VmHWM of /proc/self/status in KiB, or -1 where there is none. */
    static long rssPeakKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return -1;
    }

    /**
     * The highest used heap between {@link #start()} and {@link #stop()}: a platform
     * thread samples MemoryMXBean every SAMPLE_NANOS, and a GC notification listener
     * adds the heap's occupancy just before each collection, which is the top of
     * every saw tooth the sampler may have missed. Started and stopped by main only.
     */
    static final class PeakHeap implements NotificationListener, AutoCloseable {
        /** How long stop() waits for the notifications of the run's last GCs. */
        private static final long NOTIFICATION_GRACE_MILLIS = 50;

        private final AtomicLong peak = new AtomicLong();
        private final List<NotificationEmitter> emitters = new ArrayList<>();
        private final Set<String> heapPools;
        private volatile boolean sampling;
        /** JVM uptime in ms at start(): a GC that began earlier is not this run's. */
        private volatile long startUptime;
        private Thread sampler;

        PeakHeap() {
            heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter e) {
                    e.addNotificationListener(this, null, null);
                    emitters.add(e);
                }
            }
        }

        void start() {
            startUptime = ManagementFactory.getRuntimeMXBean().getUptime();
            peak.set(MEMORY.getHeapMemoryUsage().getUsed());
            sampling = true;
            sampler = Thread.ofPlatform().name("heap-sampler").daemon().start(() -> {
                while (sampling) {
                    record(MEMORY.getHeapMemoryUsage().getUsed());
                    LockSupport.parkNanos(SAMPLE_NANOS);
                }
            });
        }

        /**
         * Stops sampling and returns the peak seen since start. Waits NOTIFICATION_GRACE
         * first: GC notifications arrive a little after their GC.
         */
        long stop() throws InterruptedException {
            if (sampler != null) {
                Thread.sleep(NOTIFICATION_GRACE_MILLIS);
                sampling = false;
                LockSupport.unpark(sampler);
                sampler.join();
                sampler = null;
            }
            record(MEMORY.getHeapMemoryUsage().getUsed());
            return peak.get();
        }

        private void record(long used) {
            peak.accumulateAndGet(used, Math::max);
        }

        /** A GC ended: its before-GC heap occupancy is a peak (called on a JMX thread). */
        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (!sampling || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                    .equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            if (info.getGcInfo().getStartTime() < startUptime) {
                return;   // e.g. a full GC of the baseline, reported late: not this run's
            }
            long before = 0;
            for (var e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    MemoryUsage u = e.getValue();
                    before += u.getUsed();
                }
            }
            record(before);
        }

        @Override
        public void close() {
            for (NotificationEmitter e : emitters) {
                try {
                    e.removeNotificationListener(this);
                } catch (Exception ignored) {
                    // not registered: nothing to remove
                }
            }
        }
    }
}
