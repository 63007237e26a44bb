package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code deadlock} program. Runs in a JVM of its own (surefire's isolated-tests
 * execution, as in goroutines-impl): the runtime's checkdead looks at every goroutine
 * and timer of the JVM, so what other samples leave behind (the sieve's blocked chain,
 * the rate limiter's unstoppable {@code Time.tick}) would hide or join the deadlock.
 */
@Timeout(60)
class DeadlockIsolatedTest {

    @Test
    void mainBlockedOnAChannelNobodySendsToDiesWithTheDeadlockReport() {
        Run r = Run.of("deadlock");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.out().contains("main: waiting for a result"), r::toString);
        assertTrue(r.err().startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine "), r::toString);
        assertTrue(r.err().contains(" [chan receive]:"), r::toString);
        // the worker waits for jobs: named, with its wait reason and where it was created
        assertTrue(r.err().matches("(?s).*goroutine \\d+ \\[chan receive]: worker\n.*created in goroutine \\d+.*"),
                r::toString);
        assertTrue(r.err().contains("Deadlock.java:"), r::toString);
        assertTrue(r.err().strip().endsWith("exit status 2"), r::toString);
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("deadlock", "now");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("deadlock takes no positional arguments"), r::toString);
    }
}
