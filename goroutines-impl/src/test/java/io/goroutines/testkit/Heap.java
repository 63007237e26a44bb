package io.goroutines.testkit;

import io.goroutines.GoRuntime;
import io.goroutines.time.Time;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import static io.goroutines.testkit.Goroutines.inGoroutinesPerP;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * "Unreferenced objects are garbage", measured on the heap. Java has no allocation
 * counter that ignores other threads, so this measures heap bytes after full
 * collections, over enough objects that the signal dwarfs the noise.
 */
public final class Heap {

    /** Of the bytes the objects occupied while referenced, the share that may still be used after they are dropped. */
    public static final double MAX_RETAINED_FRACTION = 0.10;

    /** How long, after the references are dropped, the runtime has to let go of them. */
    public static final Duration RELEASE_BOUND = Duration.ofSeconds(10);

    /** An object is at least a 12-byte header rounded to 16: fewer bytes per object means the measurement is broken. */
    private static final long MIN_BYTES_PER_OBJECT = 16;

    private Heap() {
    }

    /** Heap bytes in use after two full collections. */
    public static long heapUsedAfterGc() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return mx.getHeapMemoryUsage().getUsed();
    }

    /** Runs a short Time.sleep in one goroutine per P: gives a runtime that sweeps dead timers lazily its chance. */
    private static void nudgeEveryP() {
        inGoroutinesPerP(GoRuntime.gomaxprocs(0), (from, to) -> Time.sleep(Duration.ofMillis(1)));
    }

    /**
     * Makes {@code n} objects with {@code make} (in goroutines, one per P) and holds
     * them; measures the heap they occupy; applies {@code release} to them (for example
     * to cancel them; it may do nothing); drops every reference; and asserts that within
     * {@link #RELEASE_BOUND} the heap goes back to within {@link #MAX_RETAINED_FRACTION}
     * of what they occupied.
     */
    public static void assertReleasedWhenUnreferenced(String what, int n, IntFunction<Object> make,
                                                      Consumer<Object[]> release) {
        Object[] held = new Object[n];
        long baseline = heapUsedAfterGc();
        inGoroutinesPerP(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                held[i] = make.apply(i);
            }
        });
        long referenced = heapUsedAfterGc();
        long occupied = referenced - baseline;
        assertTrue(occupied >= n * MIN_BYTES_PER_OBJECT, what + ": " + n + " objects occupied only " + occupied
                + " bytes (baseline " + baseline + "): the heap measurement is not working");

        release.accept(held);
        Arrays.fill(held, null);
        long limit = (long) (occupied * MAX_RETAINED_FRACTION);
        long deadline = System.nanoTime() + RELEASE_BOUND.toNanos();
        long retained;
        int polls = 0;
        do {
            nudgeEveryP();
            retained = heapUsedAfterGc() - baseline;
            polls++;
        } while (retained > limit && System.nanoTime() - deadline < 0);
        if (retained > limit) {
            fail(String.format("%s: %d unreferenced objects were not collected: they occupied %d bytes (%d each),"
                            + " and %d bytes (%.1f%%, %d per object) are still in use after %d polls over %s"
                            + " (allowed: %.0f%%)",
                    what, n, occupied, occupied / n, retained, 100.0 * retained / occupied, retained / n, polls,
                    RELEASE_BOUND, 100 * MAX_RETAINED_FRACTION));
        }
    }
}
