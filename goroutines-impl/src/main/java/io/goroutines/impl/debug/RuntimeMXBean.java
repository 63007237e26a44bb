package io.goroutines.impl.debug;

/**
 * The management interface of the goroutines runtime, registered as
 * {@code io.goroutines:type=Runtime} on the platform MBean server: a goroutine dump and
 * the scheduler's statistics on a running JVM, from JConsole, JMC or
 * {@code jcmd <pid> VM.…}-style tools that reach JMX (Go: {@code SIGQUIT} and
 * {@code GODEBUG=schedtrace}).
 */
public interface RuntimeMXBean {

    /** {@return {@code GoRuntime.stack(true)}: every goroutine, in Go's format} */
    String dumpGoroutines();

    /** {@return {@code GoRuntime.goroutineProfile()}: goroutines grouped by identical stack, with counts} */
    String goroutineProfile();

    /** {@return {@code GoRuntime.schedStats()} as Go's schedtrace line} */
    String getSchedStats();

    /** {@return {@code GoRuntime.numGoroutine()}} */
    int getNumGoroutine();

    /** {@return {@code GoRuntime.gomaxprocs(0)}} */
    int getGomaxprocs();
}
