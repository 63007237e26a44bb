package io.goroutines.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.sync.WaitGroup;
import io.goroutines.testkit.ChildJvm;
import io.goroutines.testkit.JdkThreadDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goroutines start in a JDK thread container of their own, named "goroutines", listed
 * from the scheduler's allgs: the JDK's thread dump ({@code jcmd <pid>
 * Thread.dump_to_file}, here through {@code HotSpotDiagnosticMXBean.dumpThreads})
 * shows every goroutine there with its stack, and not in the root container (whose
 * per-thread set node the goroutine no longer pays).
 */
@Timeout(120)
class GoThreadContainerTest {

    /** A frame that only the goroutines of this test have. */
    private static void parkedForThreadDump(Chan<Integer> c, Set<Long> tids, WaitGroup started) {
        tids.add(Thread.currentThread().threadId());
        started.done();
        c.recv();
    }

    @Test
    void jdkThreadDumpListsGoroutinesInTheirContainer() throws Exception {
        GoRuntime.numGoroutine(); // starts the runtime
        int n = 5;
        Chan<Integer> c = Chan.make();
        Set<Long> tids = ConcurrentHashMap.newKeySet();
        WaitGroup started = new WaitGroup();
        started.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> parkedForThreadDump(c, tids, started));
        }
        started.await();
        try {
            JsonNode containers = null;
            // done() runs just before the receive parks: dump again, bounded, until every
            // goroutine shows its parked frame.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Set<Long> parked = new HashSet<>();
            while (parked.size() < n && System.nanoTime() < deadline) {
                containers = JdkThreadDump.containers();
                JsonNode goroutines = JdkThreadDump.container(containers, "goroutines");
                assertNotNull(goroutines, "no container named goroutines in the thread dump:\n" + containers);
                assertEquals("<root>", goroutines.path("parent").asText());
                parked.clear();
                for (JsonNode t : goroutines.path("threads")) {
                    long tid = t.path("tid").asLong();
                    if (tids.contains(tid) && t.path("stack").toString().contains("parkedForThreadDump")) {
                        parked.add(tid);
                    }
                }
            }
            assertEquals(tids, parked, "goroutines missing from the goroutines container:\n" + containers);
            for (JsonNode t : JdkThreadDump.container(containers, "<root>").path("threads")) {
                assertTrue(!tids.contains(t.path("tid").asLong()), "goroutine also in the root container: " + t);
            }
        } finally {
            c.close();
        }
    }

    /** {@code -Dgoroutines.threadContainer=false} puts goroutines back in the JDK's root container. */
    @Test
    void propertyFalseStartsGoroutinesInTheRootContainer() throws Exception {
        assertEquals("goroutines", containerInChildJvm(List.of()));
        assertEquals("<root>", containerInChildJvm(List.of("-Dgoroutines.threadContainer=false")));
    }

    private static String containerInChildJvm(List<String> flags) throws Exception {
        ChildJvm.Result r = ChildJvm.withProvider().withTimeout(45)
                .run(ChildJvm.opensAnd(flags.toArray(String[]::new)), ThreadContainerProbe.class);
        String out = r.output();
        assertEquals(0, r.status(), out);
        assertTrue(out.contains("scheduler=gmp"), out);
        Matcher m = Pattern.compile("(?m)^container=(.*)$").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }
}
