package io.goroutines.impl.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running {@code Go.main} programs and what {@code checkdead} knows about the rest
 * of the JVM: Go's {@code main} (runtime/proc.go: run the main goroutine, then exit),
 * the inputs of {@code checkdead} that Go keeps in {@code sched} (here: which programs
 * run, and the threads outside the runtime of ADR 0010), and the "end every program"
 * half of Go's fatal errors ({@code throw}: a deadlock, thread exhaustion). Sysmon reads
 * it; {@link Sched} reports thread exhaustion to it.
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@code running}: a concurrent set; {@link #runMain} adds and removes its own
 *       program, sysmon iterates it racily (a program that ends meanwhile ends once: its
 *       outcome is set by CAS, see {@link Program}).</li>
 *   <li>{@code foreignOps}: written racily with opaque accesses by every thread that is
 *       not a goroutine, at each channel, select, sync and time call (a lost increment is
 *       harmless: only a change matters, and any one call changes it); read by sysmon,
 *       which confirms a deadlock only when it did not change between its two
 *       looks.</li>
 *   <li>{@code foreignThreads}: see {@link ForeignThreads}.</li>
 * </ul>
 */
public final class Programs {

    private static final VarHandle FOREIGN_OPS;

    static {
        try {
            FOREIGN_OPS = MethodHandles.lookup().findVarHandle(Programs.class, "foreignOps", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Sched sched;
    /** The {@code Go.main} programs running now, for checkdead. */
    private final Set<Program> running = ConcurrentHashMap.newKeySet();
    /**
     * Channel, select, sync and time operations made by threads that are not goroutines
     * (a count, written racily: only its changes matter). checkdead confirms a deadlock
     * only when none happened between its two looks.
     */
    @SuppressWarnings("unused")
    private volatile long foreignOps;
    /** The threads outside the runtime, for checkdead (ADR 0010). */
    final ForeignThreads foreignThreads = new ForeignThreads();

    Programs(Sched sched) {
        this.sched = sched;
    }

    /**
     * Runs {@code body} as the main goroutine of a new program and returns the program.
     *
     * @param body the main goroutine's code
     * @return the new program
     */
    Program newMain(Runnable body) {
        Program program = new Program(Thread.currentThread());
        sched.lifecycle.newproc(sched.currentG(), null, body, program, true);
        return program;
    }

    /**
     * Go's {@code main}: runs {@code body} as the main goroutine of a new program and
     * waits for the program's end (see {@link Program#join}). While it runs, sysmon's
     * checkdead watches it.
     *
     * @param body the main goroutine's code
     */
    public void runMain(Runnable body) {
        Program program = newMain(body);
        running.add(program);
        try {
            program.join();
        } finally {
            running.remove(program);
        }
    }

    /** Whether a {@code Go.main} runs (racy). */
    boolean anyRunning() {
        return !running.isEmpty();
    }

    /**
     * The smallest thread id among the running programs' main goroutines, or
     * {@code Long.MAX_VALUE} when none runs: threads with a smaller id existed before
     * every running program started (thread ids grow with creation).
     */
    long firstThreadId() {
        long min = Long.MAX_VALUE;
        for (Program p : running) {
            min = Math.min(min, p.firstThreadId);
        }
        return min;
    }

    /** checkdead found every goroutine asleep: end every running program with {@code e}. */
    void deadlocked(Throwable e) {
        for (Program p : running) {
            p.deadlocked(e);
        }
    }

    /** A fatal error of the runtime (Go's {@code throw}, here thread exhaustion): end every running program with {@code e}. */
    void fatal(Throwable e) {
        for (Program p : running) {
            p.fatal(e);
        }
    }

    /**
     * A thread that is not a goroutine makes a channel, select, sync or time call: it may
     * be the one that ends a goroutine's wait (ADR 0010). From {@code Sched.safePoint}.
     */
    void noteForeignOp() {
        FOREIGN_OPS.setOpaque(this, (long) FOREIGN_OPS.getOpaque(this) + 1);
        foreignThreads.noteOp();
    }

    /** The count of foreign operations (see {@link #noteForeignOp}); racy. */
    long foreignOps() {
        return (long) FOREIGN_OPS.getOpaque(this);
    }
}
