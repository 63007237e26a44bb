package io.goroutines.impl.sched;

import java.util.function.Consumer;

/**
 * Fault injection for the goroutine exit path ({@code GoroutineLifecycle.goexit0}): tests install a
 * hook that throws at a named step ({@link #TRACE}, {@link #REPORT}, {@link #PROGRAM}, {@link #DISPOSE}),
 * as an {@code OutOfMemoryError} or a failing tracer would, and check that the exit
 * still completes: the goroutine leaves {@code allgs}, the panic reaches its program,
 * and {@code Go.main} ends. Null in production: one volatile read per goroutine exit.
 */
final class ExitFaults {

    /** The tracer's events at a goroutine's end (JFR and the execution tracer). */
    static final String TRACE = "trace";
    /** The unrecovered-panic report. */
    static final String REPORT = "report";
    /** The program's bookkeeping (main returned, a goroutine ended). */
    static final String PROGRAM = "program";
    /** What a panic that no program received does ({@link FatalPanic}). */
    static final String DISPOSE = "dispose";

    /** The hook, called with the step's name before the step; tests only. */
    static volatile Consumer<String> hook;

    private ExitFaults() {
    }

    /** Runs the hook for {@code step}, when one is installed. */
    static void at(String step) {
        Consumer<String> h = hook;
        if (h != null) {
            h.accept(step);
        }
    }
}
