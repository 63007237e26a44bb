package io.goroutines.impl.sched;

/**
 * The clock of {@code G.waitSince}: when a goroutine's wait began, in units of
 * 2<sup>24</sup> ns (16.8 ms), for the "N minutes" of a dump and checkdead's signature
 * of the waits it sees. Go does not read a clock when a goroutine parks either: it
 * stamps {@code gp.waitsince} lazily, when the garbage collector first finds the
 * goroutine waiting (runtime/mgcmark.go, {@code markroot}), so its "N minutes" is
 * approximate too.
 *
 * <p>Here sysmon advances the clock at every round ({@link #advance}), which is at
 * least every 10 ms while any P runs, and an M that takes a P wakes sysmon from a deep
 * sleep and advances it first (see {@code Sysmon.wake}); so a goroutine, which parks
 * only while its M holds a P, reads a value at most about one sysmon round old. A park
 * then costs a plain load instead of a clock read. Without sysmon (the "jdk" mode)
 * {@link #ticks} reads the system clock.
 *
 * <p>{@code ticks} is written by sysmon and by the M waking it (either value is a recent
 * reading, and a lost race only keeps the older one for a round) and read racily by
 * every parking goroutine: an int, volatile, so never torn and never cached.
 */
final class WaitClock {

    /** log2 of the unit in nanoseconds. */
    static final int SHIFT = 24;

    private static volatile int ticks;
    /** Set once sysmon runs; until then, and in "jdk" mode, {@link #ticks} reads the system clock. */
    private static volatile boolean driven;

    private WaitClock() {
    }

    /** {@return the clock in 16.8 ms units: sysmon's last reading, or the system clock when sysmon does not run} */
    static int ticks() {
        return driven ? ticks : now();
    }

    /**
     * Sets the clock to {@code nanoTime} (a {@link System#nanoTime} reading) and, at
     * the first call, makes {@link #ticks} read it from then on. Sysmon, and an M waking
     * sysmon.
     *
     * @param nanoTime a fresh {@code System.nanoTime()}
     */
    static void advance(long nanoTime) {
        ticks = (int) (nanoTime >> SHIFT);
        if (!driven) {
            driven = true;
        }
    }

    /** {@return the nanoseconds from {@code since}, a {@link #ticks} value, to now; right across an int wrap} */
    static long nanosSince(int since) {
        return (long) (now() - since) << SHIFT;
    }

    private static int now() {
        return (int) (System.nanoTime() >> SHIFT);
    }
}
