package io.goroutines;

import io.goroutines.spi.Providers;

import java.util.concurrent.ThreadFactory;

/**
 * Go's package {@code runtime}: the scheduler's knobs and what it can tell about
 * itself.
 *
 * <p>Goroutines run on a G/M/P scheduler like Go's: G is a goroutine (a virtual
 * thread), M a carrier (platform) thread, P a processor whose run queue feeds one M
 * at a time. GOMAXPROCS, the number of Ps, defaults to the number of processors;
 * the environment variable {@code GOMAXPROCS} and the system property
 * {@code goroutines.maxprocs} override it. With
 * {@code -Dgoroutines.schedtrace=MS} the runtime prints on standard error, every
 * {@code MS} milliseconds, a line in the format of Go's {@code GODEBUG=schedtrace}
 * (and logs it at INFO on the SLF4J logger {@code io.goroutines.schedtrace} when a
 * provider is bound):
 * <pre>
 * SCHED 1004ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 idlethreads=1 runqueue=0 [4 0]
 * </pre>
 *
 * <p>Everything here needs the runtime artifact {@code io.goroutines:goroutines-impl}
 * on the class path; without it each method throws {@link IllegalStateException}
 * naming that artifact.
 */
public final class GoRuntime {

    private GoRuntime() {
    }

    /**
     * Go's {@code runtime.GOMAXPROCS(n)}: sets the number of processors (Ps) that run
     * goroutines when {@code n >= 1}, and returns the previous setting. With
     * {@code n < 1} it changes nothing and only returns the current value.
     *
     * <p>As in Go (since 1.10), there is no upper bound: the value set is the value
     * asked for, and {@code gomaxprocs(0)} returns it. Each P costs memory whether or
     * not it runs (a kilobyte or two), so a value far above the number of CPUs only
     * costs. The same holds for {@code GOMAXPROCS} and {@code -Dgoroutines.maxprocs}
     * at start.
     *
     * @param n the new number of Ps, or a value below 1 to only query
     * @return the number of Ps before this call
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static int gomaxprocs(int n) {
        return Providers.get().gomaxprocs(n);
    }

    /**
     * Go's {@code runtime/debug.SetMaxThreads(n)}: sets the most carrier threads (Ms)
     * the scheduler may run at once, and returns the previous limit. The default is
     * Go's 10,000, or {@code -Dgoroutines.maxthreads}. Goroutines blocked where the
     * runtime cannot unmount them (file I/O, native calls, a monitor on JDK 21 to 23)
     * each hold a thread, and the scheduler starts another so that the rest still run;
     * when the program would need more than the limit, the runtime prints Go's
     * {@code runtime: program exceeds N-thread limit} and {@code fatal error: thread
     * exhaustion} to standard error, and every running {@link Go#main(Runnable)} ends
     * with {@link FatalError}.
     *
     * @param n the new limit, at least 1
     * @return the limit before this call
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static int setMaxThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setMaxThreads(" + n + "): the thread limit must be at least 1");
        }
        return Providers.get().setMaxThreads(n);
    }

    /**
     * Unstarted goroutines for Java code that takes a {@link ThreadFactory}: a thread's
     * {@link Thread#start() start()} is Go's {@code go} statement. The goroutine
     * {@code ExecutorService} is
     * <pre>{@code
     * ExecutorService goroutines = Executors.newThreadPerTaskExecutor(GoRuntime.threadFactory());
     * }</pre>
     * and servers' thread pools and {@code StructuredTaskScope} take the same factory.
     *
     * <p>{@code newThread(body)} returns a new, unstarted virtual thread that runs
     * {@code body} (a {@code null} body throws {@link NullPointerException}; the factory
     * never returns {@code null}). Once started, it is a goroutine in every way, as if
     * made by {@link Go#go(Runnable)} at the time and on the thread of the
     * {@code start()} call:
     * <ul>
     *   <li>it runs on the runtime's scheduler, is counted by {@link #numGoroutine()}
     *       and {@link #schedStats()}, and is listed by {@link #stack(boolean)},
     *       {@link #goroutineProfile()} and the runtime's MBean, with
     *       {@code created in goroutine N} when a goroutine started it;</li>
     *   <li>{@code body} runs in the goroutine's root frame: {@link Go#defer(Runnable)}
     *       works at its top, and {@link #goexit()} ends it;</li>
     *   <li>started from a goroutine, it belongs to that goroutine's
     *       {@link Go#main(Runnable)} program, if any, as {@code Go.go} does; started
     *       from a thread that is not a goroutine (or from a goroutine outside every
     *       {@code Go.main}), it belongs to no program, like {@code Go.go} called
     *       there;</li>
     *   <li>an exception that leaves {@code body} is an unrecovered panic: it ends the
     *       goroutine and is reported Go-style ({@code panic: <value>} and the
     *       goroutine's trace), through SLF4J at ERROR when a provider is bound, else on
     *       standard error. When the goroutine belongs to a running {@code Go.main}, it
     *       ends that {@code Go.main}, which rethrows it, and the thread's
     *       {@link Thread.UncaughtExceptionHandler} is not called. Otherwise (started
     *       outside every {@code Go.main}, as by a server's or an executor's threads) it
     *       goes to the thread's handler, as for any Java thread: the one set with
     *       {@code setUncaughtExceptionHandler}, else the default one, if either was set;
     *       or, with {@code -Dgoroutines.panic=exit}, it exits the process with status 2,
     *       as Go does. (An {@code ExecutorService}'s {@code submit} keeps a task's
     *       exception in its {@code Future}, so only {@code execute} tasks can panic this
     *       way.)</li>
     * </ul>
     *
     * <p>As a Java thread: it has no name (an empty one, like the threads of
     * {@code Thread.ofVirtual().factory()}); {@code setName}, before or after the start,
     * names the goroutine in dumps. It is a daemon, as every virtual thread
     * ({@code setDaemon(false)} throws {@link IllegalArgumentException}), so it does not
     * keep the JVM alive. It lives in the JDK thread container of whoever starts it (the
     * executor's, the scope's, or the root container for {@code Thread.start()}), which
     * is where the JDK's thread dump lists it. {@link Thread#join()} returns once
     * {@code body} and its deferred calls have ended (and any panic was reported).
     * {@link Thread#interrupt()} does what it does to any thread: it sets the interrupt
     * status and wakes the goroutine from the JDK's interruptible waits
     * ({@code Thread.sleep}, {@code LockSupport.park}, {@code Object.wait},
     * {@code java.util.concurrent} blocking calls), so {@code shutdownNow()} and
     * {@code Future.cancel(true)} reach a task blocked there. The runtime's own blocking
     * operations (channels, select, sync, {@code Time.sleep}) are not interruptible, as
     * Go has no interrupts: they keep waiting and leave the status set; cancel those
     * with a {@code Context}, or call their {@code ...Interruptibly} variants
     * ({@link RecvChan#recvInterruptibly()}, {@link SendChan#sendInterruptibly(Object)},
     * {@link Select#runInterruptibly()}, {@code Mutex.lockInterruptibly()},
     * {@code WaitGroup.awaitInterruptibly()}, {@code Time.sleepInterruptibly}), which
     * throw {@link InterruptedException} as Java's interruptible waits do.
     *
     * @return the runtime's thread factory, the same instance on every call
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static ThreadFactory threadFactory() {
        return Providers.get().threadFactory();
    }

    /**
     * Go's {@code runtime.NumCPU()}.
     *
     * @return the number of logical CPUs usable by this process
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static int numCPU() {
        return Providers.get().numCPU();
    }

    /**
     * Go's {@code runtime.NumGoroutine()}.
     *
     * @return the number of goroutines started by {@link Go#go(Runnable)},
     *         {@link Go#main(Runnable)} and {@link #threadFactory()} that have not
     *         ended yet
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static int numGoroutine() {
        return Providers.get().numGoroutine();
    }

    /**
     * Go's {@code runtime.Gosched()}: yields the processor so that other goroutines
     * may run; the calling goroutine stays runnable and resumes later.
     *
     * <p>The explicit safe point for hot loops. Go preempts a goroutine that runs too
     * long anywhere (asynchronously, by a signal); a JVM cannot stop a loop from
     * outside. Here the runtime's monitor asks a goroutine that has held its processor
     * for 10 ms to yield, and it does so at its next safe point: any channel, select,
     * sync, time or {@code Go.go} call, or this one. A loop that makes none of those
     * calls keeps its thread; after another 10 ms its processor is handed to another
     * thread so that the other goroutines still run (at the cost of one more thread).
     *
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static void gosched() {
        Providers.get().gosched();
    }

    /**
     * Go's {@code runtime.Goexit()}: runs all the calling goroutine's deferred calls,
     * innermost frame first, then ends the goroutine. It is not a panic:
     * {@link Go#recover()} in those deferred calls returns {@code null}.
     *
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static void goexit() {
        Providers.get().goexit();
    }

    /**
     * Go's {@code runtime.Stack}: a dump in Go's format of the calling goroutine, or
     * of all goroutines, each starting with a header such as
     * {@code goroutine 7 [chan receive]:} whose wait reason uses Go's words
     * ({@code running}, {@code runnable}, {@code chan receive}, {@code chan send},
     * {@code select}, {@code select (no cases)}, {@code sleep},
     * {@code sync.Mutex.Lock}, {@code sync.WaitGroup.Wait},
     * {@code chan receive (nil chan)}), followed by {@code , N minutes} when the
     * goroutine has been blocked for a minute or more.
     *
     * @param all {@code true} for all goroutines, {@code false} for the calling one
     * @return the dump
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static String stack(boolean all) {
        return Providers.get().stack(all);
    }

    /**
     * Go's goroutine profile, as {@code pprof.Lookup("goroutine").WriteTo(w, 1)} prints
     * it: the live goroutines grouped by identical stack, the largest group first, each
     * group as {@code COUNT @ [STATE]} followed by its frames as
     * {@code #\tclass.method(File.java:line)}. Where {@link #stack(boolean) stack(true)}
     * of 100,000 goroutines is 100,000 entries, the profile is a handful of groups. Go
     * prints program counters after the {@code @}; the JVM has none, so the group's state
     * (wait reason, {@code running} or {@code runnable}) is there instead. The calling
     * goroutine counts as {@code running}, without frames.
     *
     * <pre>
     * goroutine profile: total 1002
     * 1000 @ [chan receive]
     * #	com.example.Worker.loop(Worker.java:31)
     * </pre>
     *
     * @return the profile, starting with {@code goroutine profile: total N}
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static String goroutineProfile() {
        return Providers.get().goroutineProfile();
    }

    /**
     * Which scheduler runs goroutines. The system property {@code goroutines.scheduler}
     * chooses, once, at the runtime's start: {@code auto} (the default) is the runtime's
     * P/M scheduler when the JVM has {@code --add-opens java.base/java.lang=ALL-UNNAMED}
     * (on the module path {@code --add-opens java.base/java.lang=io.goroutines.impl}),
     * else the JDK's default virtual-thread scheduler, with one warning that shows the
     * flag; {@code gmp} is the P/M scheduler or nothing: without the flag the runtime
     * refuses to start, and every call of this API throws
     * {@link IllegalStateException} with the flag to add in its message; {@code jdk}
     * is the JDK's scheduler, without a warning.
     *
     * @return {@code "gmp"} when the runtime's own P/M scheduler runs them, or
     *         {@code "jdk"} when it fell back to the JDK's default virtual thread
     *         scheduler (for example because {@code java.lang} is not opened to it)
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static String scheduler() {
        return Providers.get().scheduler();
    }

    /**
     * A snapshot of the scheduler's state and counters; its
     * {@link SchedStats#toString()} reads like Go's {@code schedtrace} line.
     *
     * @return the current statistics
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static SchedStats schedStats() {
        return Providers.get().schedStats();
    }

    /**
     * Starts the execution tracer, Go's {@code runtime/trace.Start}: from now until
     * {@link #stopTrace()}, the scheduler records when each goroutine runs on each P,
     * why it stops (its wait reason, a yield, a preemption, its end) and who made it
     * runnable again. {@code stopTrace()} writes the recording to {@code file} in the
     * Chrome/Perfetto trace-event JSON format: open it at {@code https://ui.perfetto.dev}
     * or in {@code chrome://tracing} to see one track per P with the goroutines it ran,
     * and flow arrows from the goroutine that readied another (a channel handoff, an
     * unlock, a {@code go} statement) to the one readied.
     *
     * <p>The file is created (or truncated) now, so that a bad path fails here. Events
     * are kept in memory until {@code stopTrace()}, up to
     * {@code -Dgoroutines.trace.maxEvents} (default 4,194,304 events, 32 bytes each);
     * beyond that they are dropped, and the trace's {@code otherData.droppedEvents}
     * says how many.
     *
     * <pre>{@code
     * GoRuntime.startTrace(Path.of("trace.json"));
     * try {
     *     runWorkload();
     * } finally {
     *     GoRuntime.stopTrace();
     * }
     * }</pre>
     *
     * @param file where {@link #stopTrace()} writes the trace
     * @throws IllegalStateException when a trace is already being recorded (Go's
     *         "tracing is already enabled"), when goroutines run on the JDK's default
     *         scheduler (see {@link #scheduler()}), or if no runtime is on the class path
     * @throws java.io.UncheckedIOException when {@code file} cannot be created
     * @throws NullPointerException when {@code file} is null
     */
    public static void startTrace(java.nio.file.Path file) {
        java.util.Objects.requireNonNull(file, "file");
        Providers.get().startTrace(file);
    }

    /**
     * Stops the execution tracer started by {@link #startTrace(java.nio.file.Path)}
     * and writes the trace to its file; Go's {@code runtime/trace.Stop}. Returns once the
     * file is complete. Does nothing when no trace is being recorded.
     *
     * @throws java.io.UncheckedIOException when the trace cannot be written
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static void stopTrace() {
        Providers.get().stopTrace();
    }
}
