package io.goroutines.impl.sched;

import io.goroutines.impl.panic.DeferStack;
import io.goroutines.impl.trace.ExecTracer;
import io.goroutines.impl.trace.GoroutineBlockEvent;
import io.goroutines.impl.trace.Trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine: Go's {@code g} (runtime/runtime2.go). Its stack and registers are a
 * Loom virtual thread; this object is what the scheduler queues, and the virtual
 * thread's scheduler.
 *
 * <h2>Implementation overview</h2>
 * Each G is the {@link Executor} of its own virtual thread. The JDK calls
 * {@link #execute} every time the thread becomes runnable (started, unparked, or
 * yielded) with the thread's {@code runContinuation} task; that call is Go's
 * {@code ready(gp)} / {@code newproc}'s {@code runqput}: the G goes into the current
 * P's {@code runnext}, or into the global queue when the caller is not one of our Ms,
 * or at the local queue's tail when the G yielded ({@link Sched#readyYielded}).
 * An M then runs that task ({@link #resume}, which reads it from the thread: it is the
 * same every time), mounting the virtual thread on the M until it parks, yields or ends.
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@code thread}: set once by newproc before the thread starts; final in effect.
 *       It also carries the goroutine's name.</li>
 *   <li>{@code goid}, {@code parentGoid}, {@code program}: set once, before the G is
 *       listed in {@link AllGs} or queued: by newproc, or, for a thread of
 *       {@code GoRuntime.threadFactory()}, by {@link GoroutineLifecycle#goStart} when the thread is
 *       started (the first {@link #execute}, on the starting thread). A goid of 0 on a G
 *       with a thread means "made by the factory, not started yet". Final in effect.</li>
 *   <li>{@code status}, {@code waitReason}, {@code waitSince}: written by the G itself
 *       (park), by {@code execute} and by the M that runs it; read racily by dumps and
 *       statistics. Diagnostic only: ownership of a G is decided by the queues, never by
 *       its status. So they are written and read with opaque accesses: no fence on the
 *       park and ready paths, each value eventually seen by the racy readers, whose
 *       decisions (checkdead) are confirmed over two looks anyway. {@code waitSince} is
 *       read from {@link WaitClock}, not from the system clock. The JDK may call {@code execute} more than once per wake-up (it
 *       resubmits a runnable thread after sampling its stack; the extra run does
 *       nothing), so a status can be stale; dumps trust the thread's own state for
 *       "parked or not" and {@code waitReason}, which only {@link #park} writes, for
 *       why.</li>
 *   <li>{@code yieldPending}, {@code preemptPending}: the G sets one right before
 *       {@code Thread.yield()} (gosched, or a preemption at a safe point);
 *       {@code execute}, which the JDK calls after the yield unmounted the thread, reads
 *       and clears it (the JDK's unmount orders the two).</li>
 *   <li>{@code aux}: before the thread starts, the body, written by newproc and
 *       published by the thread's start; from then on the G's own thread only (see
 *       {@link #aux}). {@code execute} reads it racily for one thing, whether the G has
 *       started, which only the tracer's event labels depend on.</li>
 * </ul>
 */
public final class G implements Executor, Runnable {

    /**
     * Go's goroutine id; 1 is the first {@code Go.main}'s main goroutine, as in Go. 0 for
     * a system G, and for a G of {@code GoRuntime.threadFactory()} until its thread starts.
     */
    long goid;
    /** The goid of the goroutine that started this one, 0 when started by another thread. */
    long parentGoid;
    /** The Go.main this goroutine belongs to, or null. */
    Program program;
    /**
     * Two things never needed at once share this field. Until the goroutine runs: its
     * function (a {@link Runnable}), dropped when it starts. Once it runs: what it made
     * for itself, on its own thread only: nothing (null), its {@link DeferStack} (Go's
     * {@code gp._defer}), its sleep timer (Go's {@code gp.timer}), or {@link Locals}
     * holding both. One field instead of three keeps every G, parked or not, at 56 bytes
     * instead of 64.
     */
    private Object aux;
    private Thread thread;
    /**
     * A {@link GStatus} ordinal; see {@link #status()}. A byte: every parked goroutine has
     * a G. Opaque accesses only ({@code STATUS}).
     */
    private byte status = (byte) GStatus.RUNNABLE.ordinal();
    /** A {@link WaitReason} ordinal; see {@link #waitReason()}. Opaque accesses only ({@code WAIT_REASON}). */
    private byte waitReason = (byte) WaitReason.ZERO.ordinal();
    /**
     * {@link WaitClock#ticks()} when the wait began: units of 16.8 ms, so an int spans
     * a year of waiting. Read by dumps ("N minutes") and by checkdead (a wait seen twice
     * is the same wait). Opaque accesses only ({@code WAIT_SINCE}).
     */
    private int waitSince;
    boolean yieldPending;
    /** With {@link #yieldPending}: the yield is a preemption, and goes to the global queue (Go's gopreempt_m). */
    boolean preemptPending;
    /** Neighbours in this G's stripe of {@link AllGs}; guarded by that stripe's lock. */
    G allPrev;
    G allNext;

    private static final GStatus[] STATUSES = GStatus.values();
    private static final WaitReason[] REASONS = WaitReason.values();
    private static final VarHandle STATUS;
    private static final VarHandle WAIT_REASON;
    private static final VarHandle WAIT_SINCE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(G.class, "status", byte.class);
            WAIT_REASON = l.findVarHandle(G.class, "waitReason", byte.class);
            WAIT_SINCE = l.findVarHandle(G.class, "waitSince", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    G(long goid, long parentGoid, Program program, Runnable body) {
        this.aux = body;
        this.goid = goid;
        this.parentGoid = parentGoid;
        this.program = program;
    }

    void bind(Thread thread) {
        this.thread = thread;
    }

    /**
     * Who started a G of {@code GoRuntime.threadFactory()} (see {@link GoroutineLifecycle#goStart}).
     * The starting thread, before the G is listed or queued.
     */
    void started(long goid, long parentGoid, Program program) {
        this.goid = goid;
        this.parentGoid = parentGoid;
        this.program = program;
    }

    /**
     * A system G (Go's runtime goroutines, {@code isSystemGoroutine}): runs {@code task},
     * the {@code runContinuation} of a virtual thread that the runtime hosts but that is
     * no goroutine ({@link JdkPollers}). It has goid 0, no thread of its own here
     * ({@code thread} stays null: {@link Sched#currentG} never returns it), no program,
     * and is in no {@link AllGs} list: dumps and checkdead never see it.
     */
    static G system(Runnable task) {
        return new G(0, 0, null, task);
    }

    /** Whether this is a {@linkplain #system system G}. */
    boolean isSystem() {
        return thread == null;
    }

    /**
     * Called by the JDK each time this G's virtual thread becomes runnable, on the
     * thread that made it so. Go's {@code ready}. Never blocks.
     */
    @Override
    public void execute(Runnable task) {
        if (task != VirtualThreads.runContinuation(thread)) {
            // A virtual thread that Java code started inside this goroutine inherited
            // this G as its scheduler (the JDK gives a new virtual thread its parent's).
            // It is not a goroutine: it runs on the JDK's scheduler (ADR 0009); checkdead
            // sees it among the threads outside the runtime (ADR 0010).
            VirtualThreads.executeForeign(task);
            return;
        }
        // task is this thread's runContinuation, which resume() reads from the thread:
        // no copy in the G.
        if (goid == 0) {
            // A thread of GoRuntime.threadFactory() being started (Thread.start, an
            // executor, a StructuredTaskScope): the JDK's first call, on the starting
            // thread, is Go's go statement.
            Sched.get().lifecycle.goStart(this);
        }
        // The wait reason is cleared by park() itself once the park returns: the JDK may
        // call execute again for a runnable thread after sampling its stack, and that
        // duplicate call may arrive when the G is already parked again.
        setStatus(GStatus.RUNNABLE);
        if (preemptPending) {
            preemptPending = false;
            yieldPending = false;
            Sched.get().readyPreempted(this);
        } else if (yieldPending) {
            yieldPending = false;
            Sched.get().readyYielded(this);
        } else {
            if (ExecTracer.enabled()) {
                Sched.get().tracing.traceUnblock(this, aux instanceof Runnable); // not started yet
            }
            Sched.get().ready(this);
        }
    }

    /**
     * The body of this G's virtual thread (the thread's task is the G itself, which saves
     * a closure and a stack frame per goroutine): runs the goroutine to its end.
     */
    @Override
    public void run() {
        Runnable b = (Runnable) aux;
        aux = null;
        // The goroutine's whole root frame is this one method (no goroutineMain frame
        // under it): every parked goroutine freezes it into its stack chunk.
        Throwable thrown = null;
        try {
            Sched.get().lifecycle.goroutineStart(this);
            b.run();
        } catch (Throwable t) {
            thrown = t;
        }
        Sched.get().lifecycle.goexit0(this, thrown); // fenced step by step: see there
    }

    /** Mounts and runs the virtual thread until it parks, yields or ends. The M only. */
    void resume() {
        setStatus(GStatus.RUNNING);
        Thread t = thread;
        // A system G keeps its task where a goroutine keeps its body until it starts.
        (t != null ? VirtualThreads.runContinuation(t) : (Runnable) aux).run();
    }

    /**
     * Go's {@code gopark}: parks the calling goroutine with a wait reason shown in
     * dumps. Returns when unparked (or spuriously, as {@link LockSupport#park} may).
     * The G itself only.
     */
    void park(WaitReason reason, Object blocker) {
        WAIT_REASON.setOpaque(this, (byte) reason.ordinal());
        WAIT_SINCE.setOpaque(this, WaitClock.ticks());
        setStatus(GStatus.WAITING);
        if (ExecTracer.enabled()) {
            Sched.get().tracing.traceBlock(reason.ordinal());
        }
        if (Trace.blockEnabled()) {
            parkRecorded(reason, blocker);
        } else {
            // Nothing but this G is live across the park: every parked goroutine freezes
            // this frame into its stack chunk, so each value kept here costs a word each.
            // Hence not LockSupport.park(blocker), which keeps the thread in the frame to
            // clear the blocker after the park (the census: docs/benchmarks.md, Memory).
            VirtualThreads.park(blocker);
        }
        setStatus(GStatus.RUNNING);
        WAIT_REASON.setOpaque(this, (byte) WaitReason.ZERO.ordinal());
    }

    /** {@link #park} while a JFR recording takes GoroutineBlock events: out of line (see there). */
    private void parkRecorded(WaitReason reason, Object blocker) {
        GoroutineBlockEvent block = Trace.block();
        LockSupport.park(blocker);
        if (block != null) {
            Trace.unblock(block, goid, reason.display(), blocker);
        }
    }

    /** {@return the goroutine's id} */
    public long goid() {
        return goid;
    }

    /** {@return the name given at {@code Go.go(name, ...)}, or null} */
    String name() {
        Thread t = thread;
        String n = t != null ? t.getName() : "";
        return n.isEmpty() ? null : n; // the virtual thread carries the name given to Go.go
    }

    /** {@return the goid of the goroutine that started this one, or 0} */
    long parentGoid() {
        return parentGoid;
    }

    /** {@return the virtual thread} */
    public Thread thread() {
        return thread;
    }

    /** {@return the current status (racy)} */
    public GStatus status() {
        return STATUSES[(byte) STATUS.getOpaque(this)];
    }

    void setStatus(GStatus s) {
        STATUS.setOpaque(this, (byte) s.ordinal());
    }

    /** {@return why the goroutine waits, when {@link #status()} is WAITING (racy)} */
    WaitReason waitReason() {
        return REASONS[(byte) WAIT_REASON.getOpaque(this)];
    }

    /** {@return how long the current wait has lasted, in nanoseconds, to about 17 ms (racy)} */
    long waitedNanos() {
        return WaitClock.nanosSince(waitSince());
    }

    /** {@return {@link WaitClock#ticks()} when the current wait began (racy); for checkdead's signature} */
    int waitSince() {
        return (int) WAIT_SINCE.getOpaque(this);
    }

    /** {@return the goroutine's defer frames, made on first use; its own thread only} */
    public DeferStack defers() {
        DeferStack d = defersIfUsed();
        if (d == null) {
            d = DeferStack.forGoroutine();
            RuntimeTimer t = sleepTimer();
            aux = t == null ? d : new Locals(d, t);
        }
        return d;
    }

    /** {@return the goroutine's sleep timer, or null before its first sleep; its own thread only} */
    public RuntimeTimer sleepTimer() {
        Object a = aux;
        return a instanceof RuntimeTimer t ? t : a instanceof Locals l ? l.sleepTimer : null;
    }

    /**
     * Sets the sleep timer (at the first sleep; null drops it after an interrupted
     * {@code Time.sleepInterruptibly}, whose timer may still fire); its own thread only.
     *
     * @param t the timer, or null
     */
    public void setSleepTimer(RuntimeTimer t) {
        DeferStack d = defersIfUsed();
        aux = d == null ? t : new Locals(d, t);
    }

    /** The goroutine's defer frames, or null when it never used defer/func/recover; its own thread only. */
    DeferStack defersIfUsed() {
        Object a = aux;
        return a instanceof DeferStack d ? d : a instanceof Locals l ? l.defers : null;
    }

    /** {@link #aux} once the goroutine used both defer and sleep. */
    private record Locals(DeferStack defers, RuntimeTimer sleepTimer) {
    }

    /** {@return whether this is the main goroutine of a {@code Go.main}} */
    boolean isMain() {
        return program != null && program.mainGoid == goid;
    }

    /** {@return the {@code Go.main} this goroutine belongs to, or null} */
    public Program program() {
        return program;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(goid * 0x9E3779B97F4A7C15L);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public String toString() {
        String name = name();
        return "goroutine " + goid + (name != null ? " (" + name + ")" : isMain() ? " (main)" : "");
    }
}
