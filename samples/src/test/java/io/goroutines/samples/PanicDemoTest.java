package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PanicDemoTest {

    @Test
    void recoveredPanicKeepsTheServerServingThenAnUnrecoveredOneExitsTwo() {
        Run r = Run.of("panic");
        assertEquals(2, r.status(), r::toString);
        String out = r.out();
        // 1. recovered: request 3 fails with its trace, requests 4 and 5 are still served
        assertTrue(out.contains("request 3 failed: java.lang.ArithmeticException: / by zero (recovered"), r::toString);
        assertTrue(out.matches("(?s).*request 3 failed: [^\n]*\ngoroutine \\d+ \\[running]: server\n"
                + "io\\.goroutines\\.samples\\.PanicDemo\\.handle\\(\\.\\.\\.\\)\n\tPanicDemo\\.java:\\d+\n.*"), r::toString);
        assertTrue(out.indexOf("request 5: 100/(5-3) = 50") > out.indexOf("request 3 failed"), r::toString);
        assertTrue(out.contains("server: all requests served"), r::toString);
        // 2. unrecovered in main: deferred calls ran, Go's report on stderr, exit status 2
        assertTrue(out.contains("main: deferred call runs while panicking (no recover)"), r::toString);
        assertTrue(r.err().startsWith("panic: config: no such key \"listen\"\n\ngoroutine "), r::toString);
        assertTrue(r.err().contains("io.goroutines.samples.PanicDemo.loadConfig(...)\n\tPanicDemo.java:"), r::toString);
        assertTrue(r.err().strip().endsWith("exit status 2"), r::toString);
        assertEquals(1, r.err().split("panic: ", -1).length - 1, "reported once:\n" + r);
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("panic", "--now", "1");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("panic: unknown flag --now"), r::toString);
    }
}
