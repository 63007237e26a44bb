package io.goroutines;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@link SchedStats}: equality by array content, immutability, schedtrace format. */
class SchedStatsTest {

    private static SchedStats stats(int... local) {
        return new SchedStats(2, 0, 5, 0, 1, 0, local, 12, 3, 0, 0);
    }

    @Test
    void equalityComparesLocalRunqueuesByContent() {
        SchedStats a = stats(4, 0);
        SchedStats b = stats(new int[] {4, 0});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, stats(0, 4));
        assertNotEquals(a, stats(4, 0, 0));
        assertNotEquals(a, new SchedStats(2, 0, 5, 0, 1, 0, new int[] {4, 0}, 12, 3, 0, 1));
    }

    @Test
    void arrayIsCopiedInAndOut() {
        int[] local = {4, 0};
        SchedStats s = stats(local);
        local[0] = 9;
        s.localRunqueues()[1] = 9;
        assertArrayEquals(new int[] {4, 0}, s.localRunqueues());
    }

    @Test
    void toStringReadsLikeGoSchedtrace() {
        assertEquals("gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 idlethreads=1 runqueue=0 [4 0]"
                        + " goroutines=12 steals=3 preemptions=0 handoffs=0",
                stats(4, 0).toString());
        assertEquals("gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 idlethreads=1 runqueue=0 []"
                        + " goroutines=12 steals=3 preemptions=0 handoffs=0",
                stats().toString());
    }
}
