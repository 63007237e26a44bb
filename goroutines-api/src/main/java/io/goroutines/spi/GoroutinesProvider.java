package io.goroutines.spi;

import io.goroutines.Chan;
import io.goroutines.SchedStats;

import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The service provider interface through which {@code goroutines-api} reaches the
 * runtime in {@code goroutines-impl}.
 *
 * <p>Exactly one implementation is expected on the class path; it is found with
 * {@link java.util.ServiceLoader} by {@link Providers#get()}. This interface is not
 * meant for application code: it may change between versions together with the
 * API module, which always ships with a matching implementation.
 *
 * <p>Every method corresponds one to one to a public entry point of the API
 * (for example {@link #go(String, Runnable)} backs {@code Go.go}); see those
 * entry points for the contract.
 */
public interface GoroutinesProvider {

    // ---- Go's statements (runtime/proc.go newproc, runtime/panic.go) ----

    /**
     * Starts {@code body} as a new goroutine.
     *
     * @param name the goroutine's name in dumps and traces, or {@code null}
     * @param body the goroutine's code
     */
    void go(String name, Runnable body);

    /**
     * Pushes {@code call} on the innermost defer frame of the calling thread.
     *
     * @param call the deferred call
     */
    void defer(Runnable call);

    /**
     * Go's {@code recover()}.
     *
     * @return the value of the panic being recovered, or {@code null}
     */
    Object recover();

    /**
     * Runs {@code body} in a new defer frame and returns its result.
     *
     * @param body the frame's code
     * @param <R> the result type
     * @return what {@code body} returned
     */
    <R> R func(Supplier<R> body);

    /**
     * Runs {@code body} as the main goroutine of a program and waits for it.
     *
     * @param body the main goroutine's code
     */
    void main(Runnable body);

    /**
     * Unstarted goroutines: a thread's {@code start()} is Go's {@code go}.
     *
     * @return the same factory every call
     */
    ThreadFactory threadFactory();

    // ---- package runtime ----

    /**
     * Sets GOMAXPROCS when {@code n >= 1}.
     *
     * @param n the new value, or below 1 to only read it
     * @return the previous value
     */
    int gomaxprocs(int n);

    /**
     * The number of logical CPUs usable by this process.
     *
     * @return Go's {@code runtime.NumCPU()}
     */
    int numCPU();

    /**
     * Live goroutines started through {@code Go.go}, {@code Go.main} and the thread factory.
     *
     * @return Go's {@code runtime.NumGoroutine()}
     */
    int numGoroutine();

    /** Yields the processor; the calling goroutine stays runnable. */
    void gosched();

    /** Runs the calling goroutine's deferred calls and ends it. */
    void goexit();

    /**
     * A dump in Go's format of the calling goroutine, or of all goroutines.
     *
     * @param all whether to dump every goroutine
     * @return the dump
     */
    String stack(boolean all);

    /**
     * Go's goroutine profile ({@code pprof.Lookup("goroutine")}, debug=1 text).
     *
     * @return the profile
     */
    String goroutineProfile();

    /**
     * The scheduler goroutines run on.
     *
     * @return {@code "gmp"} or {@code "jdk"}
     */
    String scheduler();

    /**
     * Go's {@code debug.SetMaxThreads}: sets the carrier-thread limit.
     *
     * @param n the new limit
     * @return the previous limit
     */
    int setMaxThreads(int n);

    /**
     * A snapshot of the scheduler's state and counters.
     *
     * @return the snapshot
     */
    SchedStats schedStats();

    /**
     * Go's {@code trace.Start}: starts the execution tracer.
     *
     * @param file where {@link #stopTrace()} writes the trace
     */
    void startTrace(java.nio.file.Path file);

    /** Go's {@code trace.Stop}: stops the execution tracer and writes its file. */
    void stopTrace();

    // ---- channels and select (runtime/chan.go, runtime/select.go) ----

    /**
     * Go's {@code makechan}: panics {@code "makechan: size out of range"} for a size
     * that is negative or above the bound stated in {@code Chan.make(int)}.
     *
     * @param capacity the buffer size
     * @param <T> the element type
     * @return a new channel
     */
    <T> Chan<T> makeChan(int capacity);

    /**
     * The runtime side of a new {@code Select}.
     *
     * @return a select with no cases
     */
    SelectSpi newSelect();

    // ---- package time (runtime/time.go) ----

    /**
     * Package {@code time}: sleeping, timers and tickers on the runtime's per-P timer
     * heaps. Backs {@link io.goroutines.time.Time}.
     *
     * @return the runtime's time functions
     */
    TimeSpi time();

    // ---- package sync (sync/*.go on runtime/sema.go) ----

    /**
     * Package {@code sync}: mutexes, wait groups and once on the runtime's semaphores.
     * Backs {@link io.goroutines.sync.Mutex} and its siblings.
     *
     * @return the runtime's sync factory
     */
    SyncSpi sync();

    // ---- package context (context/context.go) ----

    /**
     * The context package's functions.
     *
     * @return the runtime's contexts
     */
    ContextSpi contexts();

    // ---- package net (net/*.go, internal/poll on runtime/netpoll.go) ----

    /**
     * Package {@code net}: TCP listeners and connections on the runtime's network
     * poller. Backs {@link io.goroutines.net.Net}.
     *
     * @return the runtime's net functions
     */
    NetSpi net();
}
