package io.goroutines.impl.debug;

import io.goroutines.impl.diag.Diagnostics;
import io.goroutines.impl.sched.GoroutineDump;
import io.goroutines.impl.sched.GoroutineProfile;
import io.goroutines.impl.sched.Sched;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * The {@link RuntimeMXBean} of the scheduler, and its registration. Registered once,
 * from a daemon thread, so that a program's start does not wait for the platform MBean
 * server; a failure (a security manager, a name taken) is logged, never thrown.
 */
public final class RuntimeMBean implements RuntimeMXBean {

    private static final Logger log = LoggerFactory.getLogger("io.goroutines");

    /** The object name. */
    static final String NAME = "io.goroutines:type=Runtime";

    private final Sched sched;

    private RuntimeMBean(Sched sched) {
        this.sched = sched;
    }

    /**
     * Registers the runtime's MBean in the background.
     *
     * @param sched the scheduler the MBean reports on
     */
    public static void registerLater(Sched sched) {
        Thread t = new Thread(() -> register(sched), "goroutines-jmx");
        t.setDaemon(true);
        t.start();
    }

    static void register(Sched sched) {
        try {
            ObjectName name = new ObjectName(NAME);
            var server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(name)) {
                server.registerMBean(new RuntimeMBean(sched), name);
            }
        } catch (Exception | LinkageError e) {
            Diagnostics.report(log, Level.WARN, "goroutines: could not register the MBean " + NAME + ": " + e, null);
        }
    }

    @Override
    public String dumpGoroutines() {
        return GoroutineDump.stack(sched, true);
    }

    @Override
    public String goroutineProfile() {
        return GoroutineProfile.write(sched);
    }

    @Override
    public String getSchedStats() {
        return sched.counters().stats().toString();
    }

    @Override
    public int getNumGoroutine() {
        return sched.lifecycle().numGoroutine();
    }

    @Override
    public int getGomaxprocs() {
        return sched.procs().gomaxprocs();
    }
}
