package io.goroutines.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without {@code --add-opens java.base/java.lang}, the runtime falls back to the JDK's
 * default virtual-thread scheduler, says so once at WARN, and still runs goroutines.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FallbackSchedulerTest {

    @Test
    void withoutAddOpensTheRuntimeFallsBackToTheJdkSchedulerWithOneWarning() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                FallbackProbe.class.getName()))
                .redirectErrorStream(true)
                .start();
        String out = read(p);
        assertTrue(p.waitFor(45, TimeUnit.SECONDS), "child JVM did not finish:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("scheduler=jdk"), out);
        assertTrue(out.contains("completed=true ran=1000"), out);
        assertTrue(out.contains("recovered=fallback panic"), out);
        assertTrue(out.contains("factory goroutine=true"), out);
        long warnings = out.lines().filter(l -> l.contains("running goroutines on the JDK's default")).count();
        assertEquals(1, warnings, "expected exactly one fallback WARN:\n" + out);
        assertTrue(out.contains("--add-opens java.base/java.lang=ALL-UNNAMED"),
                "the WARN must say which flag is missing:\n" + out);
    }

    private static String read(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
