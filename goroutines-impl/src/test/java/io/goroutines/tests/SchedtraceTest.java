package io.goroutines.tests;

import io.goroutines.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dgoroutines.schedtrace=MS} prints Go's {@code SCHED} line on stderr, as Go's
 * {@code GODEBUG=schedtrace} does, with or without an SLF4J provider, and also logs it
 * (INFO, logger {@code io.goroutines.schedtrace}) when a provider is bound (ADR 0016).
 * Each case runs {@link SchedtraceProbe} in a child JVM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchedtraceTest {

    /** Go's line: {@code SCHED 20ms: gomaxprocs=2 idleprocs=0 threads=3 spinningthreads=0 idlethreads=1 runqueue=0 [0 0]}. */
    private static final Pattern SCHED = Pattern.compile(
            "SCHED \\d+ms: gomaxprocs=\\d+ idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+ idlethreads=\\d+ "
                    + "runqueue=\\d+ \\[[\\d ]*].*");

    private static List<String> options() {
        return ChildJvm.opensAnd("-Dgoroutines.schedtrace=20");
    }

    private static long schedLines(List<String> lines) {
        return lines.stream().filter(l -> SCHED.matcher(l).matches()).count();
    }

    @Test
    void withoutAProviderTheLinesAreOnStderr() throws Exception {
        ChildJvm.Result r = ChildJvm.withoutProvider().run(options(), SchedtraceProbe.class);
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("saw 2 SCHED lines"), r.out().lines().toList(), r::toString);
        List<String> err = r.errWithoutSlf4jNotice();
        assertTrue(schedLines(err) >= 2, r::toString);
        assertEquals(err.size(), schedLines(err), "nothing else on stderr:\n" + r);
    }

    @Test
    void withAProviderTheLinesAreOnStderrAndInTheLog() throws Exception {
        ChildJvm.Result r = ChildJvm.withProviderLoggingToStdout().run(options(), SchedtraceProbe.class);
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("saw 2 SCHED lines"), r::toString);
        List<String> err = r.err().lines().toList();
        assertTrue(schedLines(err) >= 2, r::toString);
        assertEquals(err.size(), schedLines(err), "nothing else on stderr:\n" + r);
        String logged = ChildJvm.LOG_LINE + "INFO  io.goroutines.schedtrace - ";
        List<String> log = r.out().lines().filter(l -> l.startsWith(logged)).map(l -> l.substring(logged.length()))
                .toList();
        assertTrue(schedLines(log) >= 2, "the log has the lines too:\n" + r);
    }
}
