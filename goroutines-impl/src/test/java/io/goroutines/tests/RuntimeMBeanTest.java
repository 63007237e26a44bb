package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime's MBean {@code io.goroutines:type=Runtime}: a goroutine dump and the scheduler's statistics over JMX. */
@Timeout(30)
class RuntimeMBeanTest {

    @Test
    void mbeanDumpsGoroutinesAndSchedStats() throws Exception {
        GoRuntime.numGoroutine(); // the runtime registers its MBean in the background
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.goroutines:type=Runtime");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.isRegistered(name)) {
            assertTrue(System.nanoTime() < deadline, "the MBean was never registered");
            TimeUnit.MILLISECONDS.sleep(10);
        }
        Chan<Integer> c = Chan.make();
        Go.go("mbean-probe", c::recv);
        try {
            String dump = "";
            for (int i = 0; i < 500 && !dump.contains("[chan receive]: mbean-probe"); i++) {
                dump = (String) server.invoke(name, "dumpGoroutines", null, null);
                TimeUnit.MILLISECONDS.sleep(5);
            }
            assertTrue(dump.contains("[chan receive]: mbean-probe"), dump);
            String stats = (String) server.getAttribute(name, "SchedStats");
            assertTrue(stats.startsWith("gomaxprocs="), stats);
            assertTrue((Integer) server.getAttribute(name, "NumGoroutine") >= 1);
        } finally {
            c.send(1);
        }
    }
}
