package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class RateLimitTest {

    private static final Pattern REQUEST = Pattern.compile("request (\\d+) at \\+([0-9.]+) ms");

    /** The (request, ms) lines of one phase: the lines after {@code heading} up to the next phase. */
    private static List<double[]> phase(String out, String heading) {
        List<double[]> rows = new ArrayList<>();
        boolean in = false;
        for (String line : out.lines().toList()) {
            if (line.startsWith("limiter") || line.startsWith("bursty limiter")) {
                in = line.startsWith(heading);
                continue;
            }
            Matcher m = REQUEST.matcher(line);
            if (in && m.matches()) {
                rows.add(new double[] {Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2))});
            }
        }
        return rows;
    }

    @Test
    void requestsAreSpacedByTheTickerAndTheBurstGoesThroughAtOnce() {
        int d = 20;
        Run r = Run.of("ratelimit", "--interval", "" + d, "--requests", "5");
        assertEquals(0, r.status(), r::toString);
        List<double[]> steady = phase(r.out(), "limiter");
        List<double[]> bursty = phase(r.out(), "bursty limiter");
        assertEquals(5, steady.size(), r::toString);
        assertEquals(5, bursty.size(), r::toString);
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, (int) steady.get(i)[0], r::toString);   // in order
            assertEquals(i + 1, (int) bursty.get(i)[0], r::toString);
            // request k waits for the k-th tick at least: k * d after the ticker started
            // (1 ms of slack for timer granularity; no upper bounds on a busy machine)
            assertTrue(steady.get(i)[1] >= (i + 1) * d - 1, "steady request " + (i + 1) + "\n" + r);
            if (i > 0) {
                assertTrue(steady.get(i)[1] >= steady.get(i - 1)[1], r::toString);
                assertTrue(bursty.get(i)[1] >= bursty.get(i - 1)[1], r::toString);
            }
        }
        // the burst of 3 needs no tick; requests 4 and 5 wait for the refill's ticks 1 and 2
        assertTrue(bursty.get(3)[1] >= d - 1, r::toString);
        assertTrue(bursty.get(4)[1] >= 2 * d - 1, r::toString);
        assertTrue(bursty.get(2)[1] <= bursty.get(3)[1], r::toString);
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("ratelimit", "--interval", "-5");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("--interval must be in [1, 10000], got -5"), r::toString);
        assertEquals(2, Run.of("ratelimit", "fast").status());
    }
}
