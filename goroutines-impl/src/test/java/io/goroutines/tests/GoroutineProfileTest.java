package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.sync.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Go's goroutine profile ({@code pprof.Lookup("goroutine")} at debug=1):
 * {@code GoRuntime.goroutineProfile()} and the MBean's {@code goroutineProfile}.
 */
@Timeout(60)
class GoroutineProfileTest {

    /** A frame that only the receivers of this test have. */
    private static void parkedInProfileTest(Chan<Integer> c, WaitGroup started) {
        started.done();
        c.recv();
    }

    @Test
    void identicalStacksAreOneGroupWithTheirCount() throws Exception {
        int n = 1000;
        Chan<Integer> c = Chan.make();
        WaitGroup started = new WaitGroup();
        started.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> parkedInProfileTest(c, started));
        }
        started.await();
        try {
            Pattern group = Pattern.compile("(?m)^(\\d+) @ \\[chan receive]\\n(#\\t.*\\n)*"
                    + "#\\t.*GoroutineProfileTest\\.parkedInProfileTest\\(GoroutineProfileTest\\.java:\\d+\\)\\n");
            String profile = "";
            int count = 0;
            // done() runs just before the receive parks: wait, bounded, until all have parked.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (count != n && System.nanoTime() < deadline) {
                profile = GoRuntime.goroutineProfile();
                Matcher m = group.matcher(profile);
                count = m.find() ? Integer.parseInt(m.group(1)) : 0;
                if (count != n) {
                    Thread.onSpinWait();
                }
            }
            assertTrue(count == n, "no group of " + n + " receivers:\n" + head(profile));
            Matcher total = Pattern.compile("^goroutine profile: total (\\d+)\\n").matcher(profile);
            assertTrue(total.find() && Integer.parseInt(total.group(1)) >= n, head(profile));
            assertTrue(profile.indexOf(n + " @ ") < profile.indexOf("\n1 @ ") || !profile.contains("\n1 @ "),
                    "the largest group is not first:\n" + head(profile));

            GoRuntime.numGoroutine(); // the runtime registers its MBean in the background
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.goroutines:type=Runtime");
            while (!server.isRegistered(name)) {
                assertTrue(System.nanoTime() < deadline, "the MBean was never registered");
                TimeUnit.MILLISECONDS.sleep(10);
            }
            String viaJmx = (String) server.invoke(name, "goroutineProfile", null, null);
            Matcher m = group.matcher(viaJmx);
            assertTrue(m.find() && Integer.parseInt(m.group(1)) == n, head(viaJmx));
        } finally {
            c.close();
        }
    }

    private static String head(String s) {
        return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
    }
}
