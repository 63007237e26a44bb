package io.goroutines.impl.sched;

import io.goroutines.impl.diag.Diagnostics;
import io.goroutines.impl.panic.DeferStack;
import io.goroutines.impl.panic.GoexitSignal;
import io.goroutines.impl.trace.Trace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A goroutine's birth and death: Go's {@code newproc}, {@code newproc1},
 * {@code goexit0}, {@code allgs}, {@code sched.goidgen} and the P's goid cache
 * (runtime/proc.go), plus the {@code go} statement of {@code GoRuntime.threadFactory()}
 * (ADR 0015). Readying the new G is {@link Sched}'s ({@link G#execute} lands in
 * {@code Sched.ready}); the "jdk" mode's differences are {@link JdkMode}'s.
 *
 * <h2>Fields and who guards them</h2>
 * {@code allgs}: see {@link AllGs} (striped locks); {@code goidgen}: atomic, and a P's
 * goid cache is its holder's ({@code M.usePBegin}); {@code unrecoveredPanicHandler}:
 * volatile, set once by the runtime at start and read at each unrecovered panic.
 */
public final class GoroutineLifecycle {

    private static final Logger log = LoggerFactory.getLogger("io.goroutines");

    /** Go's {@code _GoidCacheBatch} (proc.go): goids a P takes from goidgen at once. */
    private static final int GOID_CACHE_BATCH = 16;

    private final Sched sched;
    /** {@code sched.jdk}: the fallback, or null on the G/M/P scheduler. */
    private final JdkMode jdk;
    private final AllGs allgs = new AllGs();
    private final AtomicLong goidgen = new AtomicLong();
    private volatile BiConsumer<G, Throwable> unrecoveredPanicHandler = (gp, panic) -> { };

    GoroutineLifecycle(Sched sched, JdkMode jdk) {
        this.sched = sched;
        this.jdk = jdk;
    }

    /**
     * Sets the handler told about each goroutine that ended with an unrecovered panic.
     *
     * @param handler called with the goroutine and its panic
     */
    public void onUnrecoveredPanic(BiConsumer<G, Throwable> handler) {
        this.unrecoveredPanicHandler = handler;
    }

    /**
     * Go's {@code newproc}: starts {@code body} as a new goroutine of the caller's
     * program (a goroutine started from another thread belongs to none). The new G is readied into the current P's
     * {@code runnext} when called from a goroutine, as in Go.
     *
     * @param name the goroutine's name, or null
     * @param body the goroutine's code
     * @return the new goroutine
     */
    public G newproc(String name, Runnable body) {
        sched.safePoint(); // Go's newproc is a call like any other: its prologue may preempt
        G parent = sched.currentG();
        return newproc(parent, name, body, parent != null ? parent.program : null, false);
    }

    /**
     * Go's {@code newproc} for a goroutine the runtime starts on behalf of
     * {@code program} (a timer's {@code afterFunc}: Go's {@code goFunc}), from whatever
     * thread runs the timer; {@code program} may be null.
     *
     * @param program the program the goroutine belongs to, or null
     * @param body the goroutine's code
     * @return the new goroutine
     */
    public G newprocFor(Program program, Runnable body) {
        return newproc(null, null, body, program, false);
    }

    /** Go's {@code newproc1} and the start of the G's thread; {@code isMain} for {@link Programs#newMain}. */
    G newproc(G parent, String name, Runnable body, Program program, boolean isMain) {
        G gp = new G(newGoid(), parent != null ? parent.goid : 0, program, body);
        if (isMain) {
            program.mainGoid = gp.goid;
        }
        Thread t = bindThread(gp, name);
        if (isMain) {
            program.firstThreadId = t.threadId();
        }
        register(gp, name);
        if (jdk != null) {
            t.start(); // the JDK's scheduler, in its root container
        } else {
            VirtualThreads.start(t);
        }
        return gp;
    }

    /**
     * The G's virtual thread, unstarted, named {@code name} (null: no name), bound to it:
     * in "gmp" mode the G is its scheduler (ADR 0001), in "jdk" mode the JDK's is.
     */
    private Thread bindThread(G gp, String name) {
        Thread t = jdk != null ? jdk.newThread(gp, name) : VirtualThreads.newVirtualThread(gp, name, gp);
        gp.bind(t);
        return t;
    }

    /** The end of Go's {@code newproc1}: the G is listed, traced and counted in its program. */
    private void register(G gp, String name) {
        allgs.add(gp);
        Trace.goStart(gp.goid, gp.parentGoid, name);
        if (gp.program != null) {
            gp.program.goroutineStarted();
        }
    }

    /**
     * {@code GoRuntime.threadFactory()}'s {@code newThread}: Go's {@code newproc} split
     * at the {@code go} statement. Now, the G and its virtual thread, unstarted, whose
     * body is {@code body}; when the thread is started, by whoever starts it and in the
     * thread container it chooses, {@link #goStart} does the rest. In "jdk" mode, where
     * the JDK's scheduler gives no call at start, the G takes the caller of this method
     * as its parent and registers itself when it first runs ({@link #goroutineStart}).
     */
    Thread newThread(Runnable body) {
        G gp = new G(0, 0, null, body);
        if (jdk != null) {
            jdk.adoptMaker(gp);
        }
        return bindThread(gp, null);
    }

    /**
     * Go's {@code go} statement for a thread of {@code GoRuntime.threadFactory()}: the
     * rest of {@code newproc}, run by the JDK's first {@link G#execute} call, which
     * comes from {@code Thread.start} (or an executor's or a scope's start) on the
     * starting thread. The G gets its goid, its parent (the starting goroutine, if any)
     * and its program (that goroutine's, as {@code Go.go}; none from another thread),
     * and is listed before it is readied.
     */
    void goStart(G gp) {
        G parent = sched.currentG();
        started(gp, parent != null ? parent.goid : 0, parent != null ? parent.program : null);
    }

    /** A G of the thread factory gets its goid, parent and program, and is listed. */
    void started(G gp, long parentGoid, Program program) {
        gp.started(newGoid(), parentGoid, program);
        register(gp, gp.name());
    }

    /**
     * A fresh goid: from the current P's cache when called on one of our Ms (Go's
     * {@code goidcache}, which keeps Ps from contending on {@code goidgen}), else from
     * {@code goidgen} directly.
     */
    private long newGoid() {
        M mp = sched.currentM();
        if (mp != null && mp.usePBegin()) {
            try {
                P pp = mp.p;
                if (pp != null) {
                    if (pp.goidcache == pp.goidcacheend) {
                        pp.goidcacheend = goidgen.addAndGet(GOID_CACHE_BATCH) + 1;
                        pp.goidcache = pp.goidcacheend - GOID_CACHE_BATCH;
                    }
                    return pp.goidcache++;
                }
            } finally {
                mp.usePEnd();
            }
        }
        return goidgen.incrementAndGet();
    }

    /** The body of every goroutine's virtual thread: Go's {@code goexit0} at the end. */
    void goroutineStart(G gp) {
        if (jdk != null) {
            jdk.goroutineStart(gp);
        }
        gp.setStatus(GStatus.RUNNING);
    }

    /**
     * Go's {@code goexit0}: the end of a goroutine, after its body returned or threw
     * {@code thrown}. Kept out of {@link G#run} so that the frame live under every parked
     * goroutine stays small.
     *
     * <p>No step may be skipped, whatever it throws (an {@code OutOfMemoryError} while
     * making a tracer event, a failing report): the G leaves {@code allgs}, a panic
     * reaches its program, and the program's bookkeeping runs, or {@code Go.main} would
     * wait forever. Each step that can fail is fenced; a failure of the tracer is
     * dropped, one of the report is logged, and one of the program's bookkeeping ends
     * the program with it (the goroutine's own panic first, when it has one). Last, a
     * panic that no program received (none, or one that had already ended) goes to
     * {@link FatalPanic}: the thread's {@code UncaughtExceptionHandler}, or Go's exit.
     */
    void goexit0(G gp, Throwable thrown) {
        try {
            DeferStack defers = gp.defersIfUsed();
            if (defers != null) {
                thrown = defers.finishRoot(thrown); // the root frame's deferred calls
            }
        } catch (Throwable t) {
            thrown = t; // the deferred calls' own failure is how the goroutine ended
        }
        boolean goexited = thrown instanceof GoexitSignal;
        Throwable panic = goexited ? null : thrown;
        gp.setStatus(GStatus.DEAD);
        allgs.remove(gp);
        try {
            ExitFaults.at(ExitFaults.TRACE);
            Trace.goEnd(gp.goid);
            if (panic != null) {
                Trace.panic(gp.goid, panic instanceof io.goroutines.Panic p ? p.value() : panic);
            }
        } catch (Throwable t) {
            // The tracer's events are diagnostics: losing one must not lose the exit.
        }
        if (panic != null) {
            try {
                ExitFaults.at(ExitFaults.REPORT);
                unrecoveredPanicHandler.accept(gp, panic);
            } catch (Throwable t) {
                reportFailed(gp, panic, t);
            }
        }
        Program program = gp.program;
        boolean received = program != null && programExit(program, gp, goexited, panic);
        if (panic != null && !received) {
            try {
                ExitFaults.at(ExitFaults.DISPOSE);
                FatalPanic.dispose(panic); // the thread's handler, or Go's exit(2): ADR 0016
            } catch (Throwable t) {
                reportFailed(gp, panic, t);
            }
        }
    }

    /** The unrecovered-panic report or its disposal failed: says so as simply as possible. */
    private static void reportFailed(G gp, Throwable panic, Throwable t) {
        try {
            Diagnostics.report(log, Level.ERROR,
                    "goroutines: the unrecovered-panic report of goroutine " + gp.goid + " failed", t);
        } catch (Throwable ignored) {
            // logging failed too (out of memory): the panic still ends the program below
        }
    }

    /**
     * {@link #goexit0}'s program bookkeeping; a failure in it ends the program. Returns
     * whether {@code panic} (when not null) became the program's outcome, which its
     * {@code Go.main} rethrows.
     */
    private static boolean programExit(Program program, G gp, boolean goexited, Throwable panic) {
        boolean received = false;
        try {
            ExitFaults.at(ExitFaults.PROGRAM);
            if (panic != null) {
                received = program.panicked(panic);
            }
            if (gp.isMain()) {
                if (goexited) {
                    program.mainGoexited();
                } else if (panic == null) {
                    program.mainReturned();
                }
            }
        } catch (Throwable t) {
            // first outcome wins: never a silent hang
            boolean ended = program.fatal(panic != null ? panic : t);
            received = received || (ended && panic != null);
        } finally {
            try {
                program.goroutineEnded();
            } catch (Throwable t) {
                program.fatal(t);
            }
        }
        return received;
    }

    /** {@return the number of live goroutines, Go's {@code runtime.NumGoroutine()}} */
    public int numGoroutine() {
        return allgs.size();
    }

    /** {@return live goroutines by goid, for dumps} */
    List<G> allGoroutines() {
        return allgs.snapshot();
    }
}
