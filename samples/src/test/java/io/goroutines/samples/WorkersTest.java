package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class WorkersTest {

    private static final Pattern SUMMARY = Pattern.compile("completed: (\\d+), failed: (\\d+), gave up: (\\d+)");

    private static int[] summary(Run r) {
        Matcher m = SUMMARY.matcher(r.out());
        assertTrue(m.find(), r::toString);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    @Test
    void oneFailingJobIsTheGroupErrorAndCancelsTheOthers() {
        Run r = Run.of("workers", "--jobs", "8", "--limit", "2", "--fail", "3");
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.out().contains("group error: job 3: disk on fire"), r::toString);
        int[] s = summary(r);
        assertEquals(8, s[0] + s[1] + s[2], r::toString);
        assertEquals(1, s[1], r::toString);
        // with a limit of 2, jobs 4..8 cannot have started before job 3 failed: they see the canceled context
        assertTrue(s[2] >= 5, r::toString);
        assertTrue(r.out().contains("(context canceled)"), r::toString);
    }

    @Test
    void noFailureCompletesEveryJob() {
        Run r = Run.of("workers", "--jobs", "6", "--fail", "0");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("completed: 6, failed: 0, gave up: 0"), r::toString);
        assertTrue(r.out().contains("group error: none"), r::toString);
    }

    @Test
    void timeoutGivesUpWithDeadlineExceeded() {
        // each job takes at least 5 ms: a 1 ms timeout ends them all
        Run r = Run.of("workers", "--jobs", "4", "--fail", "0", "--timeout", "1");
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.out().contains("group error: context deadline exceeded"), r::toString);
        assertEquals(4, summary(r)[2], r::toString);
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("workers", "--limit", "0");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("--limit must be in [1, 10000], got 0"), r::toString);
        assertEquals(2, Run.of("workers", "--bogus", "1").status());
        assertEquals(2, Run.of("workers", "--jobs").status());
    }
}
