package io.goroutines.impl.sched;

import io.goroutines.impl.diag.Diagnostics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.Locale;

/**
 * What an unrecovered panic does once it is reported and no {@code Go.main} received it
 * (ADR 0016): the end of Go's {@code fatalpanic} (runtime/panic.go), which after
 * printing the panic exits the process with status 2.
 *
 * <h2>Implementation overview</h2>
 * A panic in a goroutine of a running {@code Go.main} ends that program, and
 * {@code Go.main} rethrows it in its caller: that is Go's end of the process, in Java's
 * terms. Every other unrecovered panic (a goroutine started from a thread that is not
 * a goroutine, a thread of {@code GoRuntime.threadFactory()} started by an executor or
 * a server, an {@code afterFunc} of no program, or a goroutine whose program had already
 * ended) comes here, on the goroutine's own thread, after {@code GoroutineLifecycle.goexit0} reported
 * it. {@code -Dgoroutines.panic} chooses, once per JVM:
 * <ul>
 *   <li>{@code handler} (the default): Java's rule for a thread whose {@code run}
 *       throws. The thread's own {@link Thread.UncaughtExceptionHandler} gets the panic
 *       if one was set; else {@link Thread#getDefaultUncaughtExceptionHandler()} if set;
 *       else nothing more: the JDK would then print {@code Exception in thread ...} and
 *       the stack trace on standard error, which the Go-style report already did. As in
 *       the JDK, whatever the handler throws is ignored. The process goes on.</li>
 *   <li>{@code exit}: Go's: {@link Runtime#exit} with status 2. Java's shutdown hooks
 *       run (Go has none; they are the JVM's way of flushing logs and files); the
 *       panicking goroutine never returns from here.</li>
 * </ul>
 * Any other value is reported ({@link Diagnostics#report}) once, at the first panic,
 * and {@code handler} applies.
 */
final class FatalPanic {

    /** The system property that chooses. */
    static final String PROPERTY = "goroutines.panic";
    /** Go's exit status after an unrecovered panic ({@code exit(2)} in fatalpanic). */
    static final int EXIT_STATUS = 2;

    private static final Logger log = LoggerFactory.getLogger("io.goroutines");

    /** The choice, read at the first panic that reaches here. */
    private static final class Mode {
        static final boolean EXIT = read();

        private static boolean read() {
            String v = System.getProperty(PROPERTY, "handler").trim().toLowerCase(Locale.ROOT);
            if (v.equals("exit")) {
                return true;
            }
            if (!v.equals("handler")) {
                Diagnostics.report(log, Level.WARN, "goroutines: ignoring -D" + PROPERTY + "="
                        + System.getProperty(PROPERTY) + ": expected handler or exit; using handler", null);
            }
            return false;
        }
    }

    private FatalPanic() {
    }

    /**
     * Disposes of {@code panic}, which ended the calling goroutine unrecovered and which
     * no {@code Go.main} received. Called by {@code GoroutineLifecycle.goexit0} on the goroutine's
     * thread, after the report; never returns in {@code exit} mode.
     *
     * @param panic what the goroutine threw
     */
    static void dispose(Throwable panic) {
        if (Mode.EXIT) {
            Runtime.getRuntime().exit(EXIT_STATUS);
            return;
        }
        Thread t = Thread.currentThread();
        Thread.UncaughtExceptionHandler h = t.getUncaughtExceptionHandler();
        if (h == null || h == t.getThreadGroup()) {
            // No handler of the thread's own: the group would hand it to the default
            // handler or print it, and the report was that print.
            h = Thread.getDefaultUncaughtExceptionHandler();
        }
        if (h != null) {
            try {
                h.uncaughtException(t, panic);
            } catch (Throwable ignored) {
                // As the JVM: "Any exception thrown by this method will be ignored".
            }
        }
    }
}
