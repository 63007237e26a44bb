package io.goroutines.benchmarks.support;

/**
 * Who runs a benchmark's goroutines: our runtime ({@code Go.go}) or JDK virtual threads,
 * named by a benchmark's {@code impl} parameter. Implemented by the channel and time
 * benchmarks' implementations under test, used by {@link Group} and {@link RunParallel}.
 */
public interface TaskRunner {

    /**
     * How long a benchmark waits for its goroutines before it gives up and fails the
     * iteration. An invocation takes milliseconds; a minute means a hang (a lost
     * wakeup), which should be reported, not measured.
     */
    long HANG_TIMEOUT_SECONDS = 60;

    /** Starts {@code task} as a new goroutine, or virtual thread. */
    void go(Runnable task);

    /** Go's {@code runtime.GOMAXPROCS(0)}, or the JDK scheduler's parallelism. */
    int procs();

    /** The state of the scheduler, for the message of a hang. */
    String diagnostics();

    /** The name used by {@code @Param("impl")}. */
    String paramName();
}
