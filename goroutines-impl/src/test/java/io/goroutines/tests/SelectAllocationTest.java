package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code Select} run many times allocates nothing per run: its sudogs, orders and
 * state are reused (issue: "does no allocation per run beyond what a park needs").
 * Measured with the JDK's per-thread allocation counter on a platform thread, where a
 * non-blocking run involves no park at all.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectAllocationTest {

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void runningASelectAgainAllocatesNothing() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        Integer token = 7;
        int[] got = new int[1];
        // Each run receives the token from one channel; the body puts it back into the
        // other, so the next run always has exactly one ready case (plus a default).
        Select s = Go.select()
                .recv(a, v -> { got[0]++; b.trySend(v); })
                .recv(b, v -> { got[0]++; a.trySend(v); })
                .defaultCase(null);
        a.send(token);
        for (int i = 0; i < 200_000; i++) { // warm up: JIT, escape analysis
            s.run();
        }
        int runs = 1_000_000;
        long before = allocatedBytes();
        for (int i = 0; i < runs; i++) {
            s.run();
        }
        long perRun = (allocatedBytes() - before) / runs;
        assertTrue(got[0] == 1_200_000, "every run must take the token, got " + got[0]);
        assertTrue(perRun == 0, "a select run allocated " + perRun + " bytes");
    }
}
