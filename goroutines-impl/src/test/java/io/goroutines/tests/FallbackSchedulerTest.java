package io.goroutines.tests;

import io.goroutines.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler a JVM gets ({@code -Dgoroutines.scheduler}, ADR 0016). By default,
 * without {@code --add-opens java.base/java.lang}, the runtime falls back to the JDK's
 * default virtual-thread scheduler, says so once, with the flag to add for the class
 * path and for the module path, and still runs goroutines ({@link FallbackProbe}).
 * {@code gmp} refuses to start instead; {@code jdk} asks for the JDK's scheduler.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FallbackSchedulerTest {

    private static final String FALLBACK = "goroutines: running goroutines on the JDK's default virtual-thread scheduler";
    private static final String CLASS_PATH_FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";
    private static final String MODULE_PATH_FLAG = "--add-opens java.base/java.lang=io.goroutines.impl";

    private static void assertFallbackRan(ChildJvm.Result r) {
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("scheduler=jdk"), r::toString);
        assertTrue(r.out().contains("completed=true ran=1000"), r::toString);
        assertTrue(r.out().contains("recovered=fallback panic"), r::toString);
        assertTrue(r.out().contains("factory goroutine=true"), r::toString);
    }

    /** The one warning: why, with the exact flag for the class path and for the module path. */
    private static void assertOneWarningWithBothFlags(List<String> lines, ChildJvm.Result r) {
        List<String> warnings = lines.stream().filter(l -> l.contains(FALLBACK)).toList();
        assertEquals(1, warnings.size(), () -> "expected exactly one fallback warning:\n" + r);
        String w = warnings.get(0);
        assertTrue(w.contains("add " + CLASS_PATH_FLAG + " to the java command line"), w);
        assertTrue(w.contains("(on the module path: " + MODULE_PATH_FLAG + ")"), w);
        assertTrue(w.contains("-Dgoroutines.scheduler=gmp refuses to start instead"), w);
    }

    /** With a provider, the warning is a WARN of the log (logback-test.xml prints it on stderr). */
    @Test
    void withoutAddOpensTheRuntimeFallsBackToTheJdkSchedulerWithOneWarning() throws Exception {
        ChildJvm.Result r = ChildJvm.withProvider().run(List.of(), FallbackProbe.class);
        assertFallbackRan(r);
        assertOneWarningWithBothFlags(r.err().lines().toList(), r);
        assertTrue(r.err().contains("WARN"), "logged through logback:\n" + r);
    }

    /** Without a provider the warning is on stderr, as it is, not lost to SLF4J's NOP logger. */
    @Test
    void withoutAProviderTheFallbackWarningIsOnStderr() throws Exception {
        ChildJvm.Result r = ChildJvm.withoutProvider().run(List.of(), FallbackProbe.class);
        assertFallbackRan(r);
        List<String> ours = r.errWithoutSlf4jNotice();
        assertOneWarningWithBothFlags(ours, r);
        assertEquals(1, ours.size(), () -> "nothing but the warning:\n" + r);
        assertTrue(ours.get(0).startsWith(FALLBACK), r::toString);
    }

    /**
     * {@code -Dgoroutines.scheduler=gmp} without the flag: no fallback; the first call of
     * the API (the probe's {@code GoRuntime.scheduler()}) throws, so the probe prints
     * nothing and {@code main} dies, with the flag to add in the message.
     */
    @Test
    void gmpRefusesToStartWithoutTheFlag() throws Exception {
        ChildJvm.Result r = ChildJvm.withoutProvider().run(List.of("-Dgoroutines.scheduler=gmp"), FallbackProbe.class);
        assertNotEquals(0, r.status(), r::toString);
        assertEquals("", r.out(), "the program must not run:\n" + r);
        assertTrue(r.err().contains("Exception in thread \"main\" java.lang.IllegalStateException"), r::toString);
        assertTrue(r.err().contains("goroutines: -Dgoroutines.scheduler=gmp, but the G/M/P scheduler cannot run"),
                r::toString);
        assertTrue(r.err().contains("add " + CLASS_PATH_FLAG + " to the java command line"), r::toString);
        assertTrue(r.err().contains("(on the module path: " + MODULE_PATH_FLAG + ")"), r::toString);
        assertTrue(r.errWithoutSlf4jNotice().stream().noneMatch(l -> l.contains(FALLBACK)), "no fallback:\n" + r);
    }

    /** With the flag, {@code gmp} is the G/M/P scheduler, quietly. */
    @Test
    void gmpWithTheFlagStartsClean() throws Exception {
        ChildJvm.Result r = ChildJvm.withProvider().run(ChildJvm.opensAnd("-Dgoroutines.scheduler=gmp"),
                CleanStartupProbe.class);
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertEquals(CleanStartupProbe.EXPECTED + System.lineSeparator(), r.out());
    }

    /** {@code jdk} runs goroutines on the JDK's scheduler even with the flag, without a warning. */
    @Test
    void jdkIsTheJdkSchedulerWithoutAWarning() throws Exception {
        ChildJvm.Result r = ChildJvm.withProvider().run(ChildJvm.opensAnd("-Dgoroutines.scheduler=jdk"),
                FallbackProbe.class);
        assertFallbackRan(r);
        assertEquals("", r.err(), r::toString);
    }

    /** A value that is no scheduler (a typo of gmp) refuses to start rather than fall back. */
    @Test
    void anUnknownSchedulerRefusesToStart() throws Exception {
        ChildJvm.Result r = ChildJvm.withoutProvider().run(List.of("-Dgoroutines.scheduler=gpm"), FallbackProbe.class);
        assertNotEquals(0, r.status(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().contains("goroutines: -Dgoroutines.scheduler=gpm is not a scheduler: expected auto "
                + "(the default), gmp or jdk"), r::toString);
    }
}
