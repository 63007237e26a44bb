package io.goroutines.benchmarks.sched;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/*
 * CPU used by an idle runtime: Go's promise that a program with nothing to do burns
 * nothing (sysmon sleeps deeply once every P is idle; idle Ms park). Measures the CPU
 * time of the whole process over SECONDS (default 10) twice: first before the goroutines
 * runtime has started (the JVM's own background: JIT, GC threads), then after it has
 * run some goroutines and gone idle, with a few goroutines parked on channels and one
 * pending timer an hour away. Prints both as a percentage of one core, and the CPU
 * time of the runtime's own threads (Ms and sysmon) over the second window.
 *
 * Not a JMH benchmark: one measurement of a quantity. Run it with
 *
 *   java --add-opens java.base/java.lang=ALL-UNNAMED \
 *        -cp benchmarks/target/benchmarks.jar io.goroutines.benchmarks.sched.IdleCpu [SECONDS]
 *
 * or benchmarks/run-idle.sh. Target (issue "sysmon"): under 1% of one core.
 */
public final class IdleCpu {

    private IdleCpu() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        System.out.printf(Locale.ROOT, "IdleCpu: %d s windows, %s, %d processors%n",
                seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
        Thread.sleep(2000); // let start-up JIT and GC settle
        double base = processCpuPercent(seconds);
        System.out.printf(Locale.ROOT, "%-58s %6.3f %% of one core%n", "JVM idle, goroutines runtime not started", base);

        // Start the runtime, give it some work, then leave it idle with parked goroutines.
        Chan<Integer> never = Chan.make();
        Go.main(() -> {
            Chan<Integer> c = Chan.make();
            for (int i = 0; i < 1000; i++) {
                int k = i;
                Go.go(() -> c.send(k));
            }
            long sum = 0;
            for (int i = 0; i < 1000; i++) {
                sum += c.recv();
            }
            if (sum != 499_500) {
                throw new IllegalStateException("sum " + sum);
            }
        });
        for (int i = 0; i < 4; i++) {
            Go.go(never::recv); // parked for good
        }
        io.goroutines.time.Time.afterFunc(java.time.Duration.ofHours(1), () -> { }); // a pending timer
        System.out.printf(Locale.ROOT, "goroutines runtime: scheduler=%s, GOMAXPROCS=%d%n",
                GoRuntime.scheduler(), GoRuntime.gomaxprocs(0));
        Thread.sleep(2000);
        long runtimeCpu0 = runtimeThreadsCpu();
        double idle = processCpuPercent(seconds);
        long runtimeCpu = runtimeThreadsCpu() - runtimeCpu0;
        System.out.printf(Locale.ROOT, "%-58s %6.3f %% of one core%n",
                "JVM idle, runtime started and idle (4 parked goroutines)", idle);
        System.out.printf(Locale.ROOT, "%-58s %6.3f %% of one core (%.1f ms)%n",
                "  of which the runtime's threads (Ms, sysmon)",
                100.0 * runtimeCpu / TimeUnit.SECONDS.toNanos(seconds), runtimeCpu / 1e6);
        System.out.println("final: " + GoRuntime.schedStats());
    }

    private static double processCpuPercent(long seconds) throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long cpu = os.getProcessCpuTime() - cpu0;
        long wall = System.nanoTime() - t0;
        return 100.0 * cpu / wall;
    }

    /** CPU time of the threads named goroutines-M* and goroutines-sysmon. */
    private static long runtimeThreadsCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti != null && ti.getThreadName().startsWith("goroutines-")) {
                long t = mx.getThreadCpuTime(ti.getThreadId());
                if (t > 0) {
                    total += t;
                }
            }
        }
        return total;
    }
}
