package io.goroutines.impl.sched;

import io.goroutines.testkit.ChildJvm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK's socket pollers and the runtime, whatever starts first (ADR 0013): each case
 * runs {@link JdkPollersProbe} in a child JVM, since the JDK starts its pollers once
 * per JVM. In every order an echo over {@code java.net.Socket} between goroutines must
 * work; the pollers run on our Ms only when the runtime initialized them.
 */
class JdkPollersTest {

    /** JDK 22 and later run the read and write pollers as virtual threads by default. */
    private static final boolean VTHREAD_POLLERS = Runtime.version().feature() >= 22;

    @Test
    void runtimeFirstHostsTheJdkPollersOnOurMs() throws Exception {
        String out = probe(List.of(), "runtime-first");
        assertTrue(out.contains("echo=OK"), out);
        assertTrue(out.contains("hosting=" + VTHREAD_POLLERS), out);
    }

    @Test
    void virtualThreadIoFirstLeavesThePollersOnTheJdkSchedulerAndStillWakesGoroutines() throws Exception {
        String out = probe(List.of(), "vthread-first");
        assertTrue(out.contains("echo=OK"), out);
        assertTrue(out.contains("hosting=false"), out);
    }

    @Test
    void platformPollerModeChosenByTheApplicationIsKept() throws Exception {
        String out = probe(List.of("-Djdk.pollerMode=1"), "runtime-first");
        assertTrue(out.contains("echo=OK"), out);
        assertTrue(out.contains("hosting=false"), out);
    }

    private static String probe(List<String> jvmArgs, String order) throws Exception {
        ChildJvm.Result r = ChildJvm.withProvider().withTimeout(90)
                .run(ChildJvm.opensAnd(jvmArgs.toArray(String[]::new)), JdkPollersProbe.class, order);
        String out = r.output();
        assertEquals(0, r.status(), out);
        return out;
    }
}
