package io.goroutines.impl.sched;


/**
 * A processor: Go's {@code p} (runtime/runtime2.go). An M must hold a P to run Gs;
 * GOMAXPROCS Ps exist.
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@link #runq}: see {@link RunQueue}; the holder of this P puts, anyone takes.</li>
 *   <li>{@link #timers}: see {@link Timers}; timers are added to the current P's heap,
 *       and any M may run them.</li>
 *   <li>{@link #status}: written by the M that acquires or releases the P, and by
 *       GOMAXPROCS changes; read racily by thieves (to skip idle Ps and to delay
 *       stealing runnext from a running P) and by statistics, where a stale value
 *       costs at most a wasted look.</li>
 *   <li>{@link #schedtick}: the holder only (Go: "incremented on every scheduler call").</li>
 *   <li>{@code goidcache}, {@code goidcacheend}, {@link #inheritRun},
 *       {@link #sliceStart}: the holder only.</li>
 *   <li>{@link #m}: written by the holder on acquire and release; read racily by dumps.</li>
 * </ul>
 */
final class P {

    /** Position in {@code ProcSet.allp}; {@code 0 <= id < gomaxprocs} while the P is live. */
    final int id;
    final RunQueue runq = new RunQueue();
    /** This P's timers (Go's {@code p.timers}); see {@link Timers} for its lock. */
    final Timers timers = new Timers();
    volatile PStatus status = PStatus.IDLE;
    /** Schedules on this P; every 61st checks the global queue first. Holder only. */
    int schedtick;
    /**
     * Gs run in a row from runnext, inheriting one time slice (Go's {@code inheritTime}),
     * and when that slice began ({@link System#nanoTime()}, read at its second G). The
     * holder only; see {@code Sched.findRunnable}.
     */
    int inheritRun;
    long sliceStart;
    /** Go's {@code sysmontick}: the schedtick sysmon last saw, and when; sysmon only. */
    int sysmonTick;
    long sysmonWhen;
    /** When sysmon last asked this P's G to yield; sysmon only. */
    long sysmonPreemptWhen;
    /** When sysmon last asked whether this P's M is blocked outside Java; sysmon only. */
    long sysmonBlockedCheck;
    /** Go's {@code goidcache}/{@code goidcacheend}: a batch of goids; holder only. */
    long goidcache;
    long goidcacheend;
    /** The M holding this P, or null. */
    volatile M m;

    P(int id) {
        this.id = id;
    }

    @Override
    public String toString() {
        return "P" + id + "[" + status + "]";
    }
}
