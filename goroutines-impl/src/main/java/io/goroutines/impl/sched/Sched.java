package io.goroutines.impl.sched;

import io.goroutines.FatalError;
import io.goroutines.SchedStats;
import io.goroutines.impl.diag.Diagnostics;
import io.goroutines.impl.panic.DeferStack;
import io.goroutines.impl.panic.GoexitSignal;
import io.goroutines.impl.panic.PanicMessages;
import io.goroutines.impl.trace.ExecTracer;
import io.goroutines.impl.trace.Trace;
import io.goroutines.impl.trace.TraceBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * The scheduler: Go's {@code schedt} and the functions of runtime/proc.go that drive
 * Gs, Ms and Ps: {@code newproc}, {@code ready}, {@code wakep}, {@code startm},
 * {@code stopm}, {@code schedule}, {@code findRunnable}, {@code stealWork},
 * {@code globrunqget}, {@code procresize}.
 *
 * <h2>Implementation overview</h2>
 * Goroutines are Loom virtual threads whose scheduler is their own {@link G}; the
 * JDK calls {@link G#execute} whenever one becomes runnable, and that lands in
 * {@link #ready}. Ms are our platform threads looping in {@link #schedule}; an M runs
 * Gs only while it holds one of the GOMAXPROCS Ps. The protocol is Go's:
 * <ul>
 *   <li>A readied G goes to the current P's {@code runnext} when the waker runs on one
 *       of our Ms (found through the carrier thread), else to the global queue. Then
 *       {@link #wakep} starts a spinning M if there is an idle P and no spinning M.</li>
 *   <li>{@link #findRunnable}: every 61st schedule the global queue first (fairness);
 *       then runnext, the local ring, the global queue; then, as a spinning M, steal
 *       half of another P's queue, visiting victims in a random order, four rounds, the
 *       last also taking runnext. Failing all, release the P, re-check, and park.</li>
 *   <li>Spinning Ms are limited to half the busy Ps; an M that stops spinning because it
 *       found work wakes another spinner ({@link #resetSpinning}), so that parallelism
 *       ramps up without thundering herds.</li>
 * </ul>
 *
 * <h2>Differences from Go, and why</h2>
 * Go guards the idle P and idle M lists and the global queue with {@code sched.lock}.
 * Here {@link #ready} runs inside the JDK's {@code execute} callback on arbitrary
 * threads, often virtual threads, where a parking lock could deadlock against its own
 * carrier. So those lists are lock-free queues ({@link MpmcUnboundedQueue}) with
 * atomic counters, and the "check the global queue under the lock, then put the P
 * idle" step of {@code findRunnable} becomes "put the P idle, then re-check", which
 * gives the same no-lost-wakeup guarantee by the Dekker argument below.
 *
 * <h2>No lost wakeups</h2>
 * A producer first publishes the G (queue put, a volatile fetch-and-add), then reads
 * {@code npidle} and {@code nmspinning} (volatile reads). An M giving up first
 * publishes its idle P ({@code npidle}++) or drops out of spinning
 * ({@code nmspinning}--), then re-reads the queues. Under the total order of volatile
 * accesses, either the producer sees the idle P / zero spinners and wakes an M, or the
 * M sees the G. As in Go, a non-spinning M re-checks only the global queue: a G in a
 * local queue belongs to a running P, which will run it.
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@code procs} (allp and its steal order) and {@code gomaxprocs}: replaced
 *       together by {@link #gomaxprocs(int)} under {@code resizeLock}; read racily by
 *       everyone. A P not in the current {@code allp} is dead: its holder drains it to
 *       the global queue at its next schedule, and {@link #pidleget} discards it.</li>
 *   <li>{@code pidle}/{@code npidle}, {@code midle}/{@code nmidle},
 *       {@code nmspinning}: lock-free, see above. The counters may briefly disagree with
 *       the queues; they are hints, and every decision is confirmed by a poll.</li>
 * </ul>
 * Locks: {@code resizeLock}, taken only by GOMAXPROCS changes, and this object's
 * monitor, taken once to make the network poller ({@code netpoller()}); neither is on
 * the scheduling path. The order of every lock of the runtime is in
 * {@code docs/lock-order.md}.
 */
public final class Sched {

    private static final Logger log = LoggerFactory.getLogger("io.goroutines");

    /** Go's fairness tick: "check the global runnable queue once in a while" (proc.go). */
    private static final int GLOBAL_QUEUE_TICK = 61;
    /** Go's {@code _GoidCacheBatch} (proc.go): goids a P takes from goidgen at once. */
    private static final int GOID_CACHE_BATCH = 16;
    /** Go's {@code stealTries} in stealWork (proc.go). */
    private static final int STEAL_TRIES = 4;
    /** Go's {@code sched.maxmcount} default (proc.go: {@code sched.maxmcount = 10000}). */
    static final int DEFAULT_MAX_THREADS = 10_000;
    /**
     * {@link #canSpinChan}: at most this many Gs queued in the local ring still allow a
     * channel waiter to spin. Beyond, the P has other work, and a spin would delay all
     * of it (a thousand selecting goroutines, ChanPopular; docs/benchmarks.md).
     */
    private static final int SPIN_MAX_QUEUED = 1;
    /**
     * Chunk size of the idle P and M lists: they hold a few entries at a time (at most
     * GOMAXPROCS Ps), so a small chunk; one is allocated per 64 idle transitions.
     */
    private static final int IDLE_CHUNK = 64;

    private static final VarHandle POLLER;
    private static final VarHandle POLLER_UNTIL;
    private static final VarHandle FOREIGN_OPS;
    /** Stop reasons of the execution trace after the wait reasons: see {@link #startTrace}. */
    private static final int TRACE_YIELD = WaitReason.values().length;
    private static final int TRACE_PREEMPTED = TRACE_YIELD + 1;
    /** {@code pollerUntil} once a waker has unparked the poller: earlier than any timer. */
    private static final long POLLER_WOKEN = 1;

    static {
        try {
            POLLER = MethodHandles.lookup().findVarHandle(Sched.class, "poller", Thread.class);
            POLLER_UNTIL = MethodHandles.lookup().findVarHandle(Sched.class, "pollerUntil", long.class);
            FOREIGN_OPS = MethodHandles.lookup().findVarHandle(Sched.class, "foreignOps", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Sched INSTANCE = new Sched();

    static {
        if (INSTANCE.jdkPollers != null) {
            // After INSTANCE is set: the starter is readied through Sched.get().
            INSTANCE.jdkPollers.start();
        }
    }

    /** allp and its steal order, replaced together. */
    private record Procs(P[] allp, StealOrder order) {
    }

    private final boolean gmp;
    private final ReentrantLock resizeLock = new ReentrantLock();
    private volatile Procs procs;
    private volatile int gomaxprocs;
    private final GlobalRunQueue globrunq = new GlobalRunQueue();
    /** Unbounded, as Go's list: GOMAXPROCS has no cap since Go 1.10 dropped {@code _MaxGomaxprocs}. */
    private final MpmcUnboundedQueue<P> pidle = new MpmcUnboundedQueue<>(IDLE_CHUNK);
    private final AtomicInteger npidle = new AtomicInteger();
    private final MpmcUnboundedQueue<M> midle = new MpmcUnboundedQueue<>(IDLE_CHUNK);
    private final AtomicInteger nmidle = new AtomicInteger();
    private final AtomicInteger nmspinning = new AtomicInteger();
    private final AtomicInteger mcount = new AtomicInteger();
    /** Go's {@code sched.maxmcount}: the most Ms; see {@link #setMaxThreads}. */
    private volatile int maxMcount = Integer.getInteger("goroutines.maxthreads", DEFAULT_MAX_THREADS);
    /** Set once the limit was hit (the report is printed once per limit); racy by design. */
    private volatile boolean exhausted;
    private final AllGs allgs = new AllGs();
    private final AtomicLong goidgen = new AtomicLong();
    private final LongAdder steals = new LongAdder();
    private final LongAdder handoffs = new LongAdder();
    private final LongAdder preemptions = new LongAdder();
    /** The current G in "jdk" mode, where the virtual thread's scheduler is not a G. */
    private final ThreadLocal<G> jdkCurrentG;
    private volatile BiConsumer<G, Throwable> unrecoveredPanicHandler = (gp, panic) -> { };
    /**
     * The thread sleeping until the earliest timer, or null: Go's M blocked in
     * {@code netpoll(delay)} ({@code sched.lastpoll == 0}). An M in "gmp" mode, the
     * timerproc thread in "jdk" mode. See {@code idlem} and {@code wakeNetPoller}.
     */
    private volatile Thread poller;
    /** Go's {@code sched.pollUntil}: when the poller will wake by itself; 0 while it is still deciding. */
    private volatile long pollerUntil;
    /**
     * Channel, select, sync and time operations made by threads that are not goroutines
     * (a count, written racily: only its changes matter). checkdead confirms a deadlock
     * only when none happened between its two looks.
     */
    @SuppressWarnings("unused")
    private volatile long foreignOps;
    /** The threads outside the runtime, for checkdead (ADR 0010). */
    final ForeignThreads foreignThreads = new ForeignThreads();
    /** The network poller, made at the first socket of io.goroutines.net (Go's netpollinit); null before. */
    private volatile NetPoller netpoller;
    /** Hosts the JDK's socket pollers on our Ms ("gmp" mode only). */
    final JdkPollers jdkPollers;
    /** The system monitor ("gmp" mode only). */
    private final Sysmon sysmon;
    /** The {@code Go.main} programs running now, for checkdead. */
    private final Set<Program> programs = ConcurrentHashMap.newKeySet();
    /** Spreads the timers of threads that are not goroutines over the Ps. */
    private final AtomicInteger foreignTimerAdds = new AtomicInteger();

    private Sched() {
        this.gmp = SchedulerChoice.gmp(); // throws when -Dgoroutines.scheduler=gmp cannot run
        this.jdkPollers = gmp ? new JdkPollers(this) : null;
        int n = initialGomaxprocs();
        P[] allp = new P[n];
        for (int i = 0; i < n; i++) {
            allp[i] = new P(i);
        }
        this.procs = new Procs(allp, new StealOrder(n));
        this.gomaxprocs = n;
        for (P pp : allp) {
            pidleput(pp);
        }
        this.jdkCurrentG = gmp ? null : new ThreadLocal<>();
        this.sysmon = gmp ? new Sysmon(this, Long.getLong("goroutines.schedtrace", 0L)) : null;
        if (sysmon != null) {
            sysmon.start();
        }
        if (!gmp) {
            Thread tp = new Thread(this::timerproc, "goroutines-timerproc");
            tp.setDaemon(true);
            tp.start();
        }
    }

    /** {@return the scheduler of this JVM} */
    public static Sched get() {
        return INSTANCE;
    }

    private static int initialGomaxprocs() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String prop = System.getProperty("goroutines.maxprocs");
        String env = System.getenv("GOMAXPROCS");
        String source = prop != null ? "-Dgoroutines.maxprocs" : "GOMAXPROCS";
        String value = prop != null ? prop : env;
        if (value == null || value.isBlank()) {
            return cpus;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n; // no cap, as Go since 1.10
            }
        } catch (NumberFormatException ignored) {
            // fall through to the warning
        }
        Diagnostics.report(log, Level.WARN, "goroutines: ignoring " + source + "=" + value
                + ": it must be a whole number >= 1; using " + cpus + " (the number of CPUs)", null);
        return cpus;
    }

    /** {@return {@code "gmp"} on the G/M/P scheduler, {@code "jdk"} on the JDK's} */
    public String mode() {
        return gmp ? "gmp" : "jdk";
    }

    /**
     * Sets the handler told about each goroutine that ended with an unrecovered panic.
     *
     * @param handler called with the goroutine and its panic
     */
    public void onUnrecoveredPanic(BiConsumer<G, Throwable> handler) {
        this.unrecoveredPanicHandler = handler;
    }

    // ------------------------------------------------------------------ goroutines

    /** The goroutine running on the current thread, or null when it is not one. */
    /**
     * The M this code runs on: the carrier of the calling goroutine, or the calling M
     * itself (its scheduler code, timer functions); null on any other thread or in
     * "jdk" mode.
     */
    private M currentM() {
        return gmp && VirtualThreads.currentCarrierThread() instanceof M mp && mp.sched == this ? mp : null;
    }

    /** {@return the calling goroutine, or null on a thread that is not one} */
    public G currentG() {
        if (gmp) {
            // A virtual thread that Java code started inside a goroutine inherited its G
            // as scheduler (see G.execute) but is not that goroutine: it has no G, as a
            // thread Go did not create has none. Taking the G for its own let it sleep on
            // the goroutine's timer (which then woke the goroutine, never the thread), set
            // the goroutine's status and call itself that goroutine in dumps.
            Thread t = Thread.currentThread();
            return VirtualThreads.schedulerOf(t) instanceof G gp && gp.thread() == t ? gp : null;
        }
        return jdkCurrentG.get();
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
        safePoint(); // Go's newproc is a call like any other: its prologue may preempt
        G parent = currentG();
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

    private G newproc(G parent, String name, Runnable body, Program program, boolean isMain) {
        G gp = new G(newGoid(), parent != null ? parent.goid : 0, program, body);
        if (isMain) {
            program.mainGoid = gp.goid;
        }
        Thread t = bindThread(gp, name);
        if (isMain) {
            program.firstThreadId = t.threadId();
        }
        register(gp, name);
        if (gmp) {
            VirtualThreads.start(t);
        } else {
            t.start();
        }
        return gp;
    }

    /**
     * The G's virtual thread, unstarted, named {@code name} (null: no name), bound to it:
     * in "gmp" mode the G is its scheduler (ADR 0001), in "jdk" mode the JDK's is.
     */
    private Thread bindThread(G gp, String name) {
        Thread t;
        if (gmp) {
            t = VirtualThreads.newVirtualThread(gp, name, gp);
        } else {
            Thread.Builder.OfVirtual b = Thread.ofVirtual();
            if (name != null) {
                b.name(name);
            }
            t = b.unstarted(gp);
        }
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
        G parent = gmp ? null : currentG();
        if (parent != null) {
            gp.started(0, parent.goid, parent.program); // "jdk" mode: see goroutineStart
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
        G parent = currentG();
        gp.started(newGoid(), parent != null ? parent.goid : 0, parent != null ? parent.program : null);
        register(gp, gp.name());
    }

    /**
     * Runs {@code body} as the main goroutine of a new program and returns the program.
     *
     * @param body the main goroutine's code
     * @return the new program
     */
    public Program newMain(Runnable body) {
        Program program = new Program(Thread.currentThread());
        newproc(currentG(), null, body, program, true);
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
        programs.add(program);
        try {
            program.join();
        } finally {
            programs.remove(program);
        }
    }

    /**
     * A safe point (Go's preemption check in a function prologue): when sysmon asked
     * the goroutine on this M to yield, it yields here, to the tail of its P's queue.
     * Called at the start of channel, select, sync and time operations. Cheap when no
     * preemption is pending.
     */
    public void safePoint() {
        if (!gmp) {
            return;
        }
        Thread carrier = VirtualThreads.currentCarrierThread();
        if (!(carrier instanceof M)) {
            // A thread that is not a goroutine uses channels, sync or timers: it may be
            // the one that ends a goroutine's wait (see ForeignThreads).
            FOREIGN_OPS.setOpaque(this, (long) FOREIGN_OPS.getOpaque(this) + 1);
            foreignThreads.noteOp();
            return;
        }
        if (carrier instanceof M mp && mp.preempt && mp.sched == this) {
            mp.preempt = false;
            G gp = currentG();
            if (gp == null) {
                return; // the M's own scheduler code (a timer function): nothing to preempt
            }
            preemptions.increment();
            Trace.sched("preempt", gp.goid, mp.p != null ? mp.p.id : -1, 0);
            if (ExecTracer.enabled()) {
                ExecTracer.goBlock(mp.traceBuf, TRACE_PREEMPTED);
            }
            gp.preemptPending = true;
            Thread.yield();
            gp.preemptPending = false; // not consumed when the JDK could not yield (pinned)
        }
    }

    /**
     * A G preempted at a safe point goes to the global queue, as Go's
     * {@code gopreempt_m}: behind every G queued anywhere, so that a P whose local
     * queue is a pair of goroutines handing off to each other also serves the rest.
     */
    void readyPreempted(G gp) {
        globrunq.put(gp);
        wakep();
    }

    // ------------------------------------------------------------------ for sysmon

    P[] allp() {
        return procs.allp;
    }

    /** Every P idle, no M spinning, nothing in the global queue (racy). */
    boolean allIdle() {
        return npidle.get() == gomaxprocs && nmspinning.get() == 0 && globrunq.isEmpty();
    }

    /** Go's {@code sched.nmspinning + sched.npidle > 0} in retake: another P can take global work (racy). */
    boolean othersCanTakeWork() {
        return nmspinning.get() + npidle.get() > 0;
    }

    boolean hasPrograms() {
        return !programs.isEmpty();
    }

    /**
     * The smallest thread id among the running programs' main goroutines, or
     * {@code Long.MAX_VALUE} when none runs: threads with a smaller id existed before
     * every running program started (thread ids grow with creation).
     */
    long programsFirstThreadId() {
        long min = Long.MAX_VALUE;
        for (Program p : programs) {
            min = Math.min(min, p.firstThreadId);
        }
        return min;
    }

    /** The count of foreign operations (see {@link #foreignOps}); racy. */
    long foreignOps() {
        return (long) FOREIGN_OPS.getOpaque(this);
    }

    boolean timersPending() {
        return timersWakeTime() != 0;
    }

    /** checkdead found every goroutine asleep: end every running program with {@code e}. */
    void deadlocked(Throwable e) {
        for (Program p : programs) {
            p.deadlocked(e);
        }
    }

    /**
     * A fresh goid: from the current P's cache when called on one of our Ms (Go's
     * {@code goidcache}, which keeps Ps from contending on {@code goidgen}), else from
     * {@code goidgen} directly.
     */
    private long newGoid() {
        M mp = currentM();
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
        if (!gmp) {
            jdkCurrentG.set(gp);
            if (gp.goid == 0) { // a thread of GoRuntime.threadFactory(): see newThread
                gp.started(newGoid(), gp.parentGoid, gp.program);
                register(gp, gp.name());
            }
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

    // ------------------------------------------------------------------ netpoll

    /** The network poller, made on first use (Go's {@code netpollGenericInit}). */
    NetPoller netpoller() {
        NetPoller np = netpoller;
        if (np == null) {
            synchronized (this) {
                np = netpoller;
                if (np == null) {
                    np = new NetPoller();
                    netpoller = np;
                }
            }
        }
        return np;
    }

    /**
     * A thread that is not a goroutine waits on the poller: some M must poll for it.
     * Wakes the M sleeping until the next timer (it then polls), or an M to become the
     * poller. A goroutine's own M polls when it has nothing else to run.
     */
    void netpollForeignWaiter() {
        NetPoller np = netpoller;
        if (np != null && np.isBlocked()) {
            return;
        }
        if (poller != null) {
            wakePollerBy(1);
        } else if (gmp) {
            wakep();
        }
    }

    /**
     * Go's {@code netpoll} plus {@code injectglist}: polls without blocking and readies
     * what it finds as one batch. The Gs go to the global queue for each idle P (with an
     * M started for each) and the rest to {@code pp}'s queue; the first is returned to
     * run on {@code mp} at once when {@code takeOne}. Threads that are not goroutines are
     * unparked. {@code mp} holds {@code pp}; scheduler code only.
     */
    private G netpollInject(M mp, P pp, List<Object> ready, boolean takeOne) {
        if (ready.isEmpty()) {
            return null;
        }
        List<G> batch = mp.injectBatch;
        batch.clear();
        mp.batching = true;
        try {
            for (Object w : ready) {
                PollDesc.wake(w); // a G lands in G.execute -> ready -> the batch
            }
        } finally {
            mp.batching = false;
            ready.clear();
        }
        if (batch.isEmpty()) {
            return null;
        }
        G first = takeOne ? batch.remove(batch.size() - 1) : null;
        injectglist(batch, pp);
        batch.clear();
        return first;
    }

    /** Go's {@code injectglist}: as many Gs as idle Ps to the global queue, with Ms started; the rest to {@code pp}. */
    private void injectglist(List<G> gs, P pp) {
        int n = gs.size();
        if (n == 0) {
            return;
        }
        int toGlobal = pp == null ? n : Math.min(n, npidle.get());
        for (int i = 0; i < toGlobal; i++) {
            globrunq.put(gs.get(i));
        }
        if (toGlobal < n) {
            pp.runq.putBatch(gs, toGlobal, globrunq); // what does not fit: global, in order
        }
        for (int i = 0; i < toGlobal; i++) {
            P idle = pidleget();
            if (idle == null) {
                break;
            }
            startm(idle, false);
        }
    }

    /**
     * Waits on the network poller that no M is blocked polling for (Go's
     * {@code netpollAnyWaiters() && sched.lastpoll != 0}): {@code findRunnable} then polls
     * without blocking, an M going idle makes the poller M look again, and sysmon keeps
     * its 10 ms polls instead of sleeping deeply. Racy; a hint.
     */
    boolean netpollUnwatched() {
        NetPoller np = netpoller;
        return np != null && np.hasWaiters() && !np.isBlocked();
    }

    /** sysmon: nobody polled for 10 ms: poll without blocking and ready what is found (Go's sysmon netpoll). */
    void sysmonNetpoll(long nowNanoTime, List<Object> scratch) {
        NetPoller np = netpoller;
        if (np == null || !np.hasWaiters() || !np.pollOverdue(nowNanoTime)) {
            return;
        }
        if (np.poll(0, scratch)) {
            PollDesc.wakeAll(scratch); // not an M: each G goes to the global queue, with wakep
        }
    }

    /** Go's {@code Gosched}: the calling goroutine yields its P and queues behind the others. */
    public void gosched() {
        G gp = currentG();
        if (gp == null || !gmp) {
            Thread.yield();
            return;
        }
        if (ExecTracer.enabled()) {
            traceBlock(TRACE_YIELD);
        }
        gp.yieldPending = true;
        Thread.yield();
        gp.yieldPending = false; // not consumed when the JDK could not yield (pinned)
    }

    /**
     * Parks the calling goroutine with {@code reason} (Go's {@code gopark}); see {@link G#park}.
     *
     * @param reason why it waits, for dumps and checkdead
     * @param blocker what it waits on, for {@code LockSupport.getBlocker}
     */
    public void park(WaitReason reason, Object blocker) {
        G gp = currentG();
        if (gp != null) {
            gp.park(reason, blocker);
        } else {
            LockSupport.park(blocker);
        }
    }

    /**
     * Parks the calling thread ({@link #park}) until {@code w.isWoken()}: Go's
     * {@code gopark} in the loop that waits for {@code goready}'s signal. Spurious
     * returns are absorbed. Not interruptible: an interrupt is remembered and the
     * interrupt status set again on return, as it is when {@code interrupted}.
     *
     * @param w the flag its waker sets before the unpark
     * @param reason why the thread waits, for dumps and checkdead
     * @param blocker what it waits on, for {@code LockSupport.getBlocker}
     * @param interrupted whether the caller already took an interrupt to set again
     */
    public static void parkUntilWoken(WakeSignal w, WaitReason reason, Object blocker, boolean interrupted) {
        Sched sched = INSTANCE;
        while (!w.isWoken()) {
            sched.park(reason, blocker);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Go's {@code sync_runtime_canSpin} (proc.go): whether the caller may spin briefly
     * before parking, because the peer that will wake it may be running on another P
     * right now. True only on one of our Ms holding a P, when GOMAXPROCS > 1, at least
     * one other P is running (not idle, not spinning), and this P's run queue is empty:
     * if a G is queued here, and above all if the peer was just readied into our
     * runnext, it can only run once we park, so spinning would only delay it.
     *
     * @return whether the caller may spin
     */
    public boolean canSpin() {
        P pp = spinnableP();
        return pp != null && pp.runq.isEmpty();
    }

    /**
     * The common part of {@link #canSpin} and {@link #canSpinChan}: the caller's P when
     * it runs on one of our Ms holding a P and another P is running (not idle, not
     * spinning); else null.
     */
    private P spinnableP() {
        M mp = currentM();
        if (mp == null) {
            return null;
        }
        P pp = mp.p;
        if (pp == null || gomaxprocs <= npidle.get() + nmspinning.get() + 1) {
            return null;
        }
        return pp;
    }

    /**
     * {@link #canSpin} for a goroutine about to park on a channel or select: the same
     * rule, except that a G in this P's {@code runnext} forbids the spin but one G in
     * the ring ({@link #SPIN_MAX_QUEUED}) does not. Runnext is where the peer this waiter
     * needs would be (the last G it readied); spinning over it would only delay it. With
     * it empty and little else queued, the peer is as likely to be running on another P,
     * answering within the spin. A deviation from Go, whose channels never spin: a Loom
     * continuation switch costs several times Go's goroutine switch (ADR 0005; the
     * measurements are in docs/benchmarks.md). {@code sync.Mutex} keeps Go's rule.
     *
     * @return whether a channel waiter may spin
     */
    public boolean canSpinChan() {
        P pp = spinnableP();
        return pp != null && pp.runq.runnextEmpty() && pp.runq.size() <= SPIN_MAX_QUEUED;
    }

    /** {@return the number of live goroutines, Go's {@code runtime.NumGoroutine()}} */
    public int numGoroutine() {
        return allgs.size();
    }

    /** {@return live goroutines by goid, for dumps} */
    public List<G> allGoroutines() {
        return allgs.snapshot();
    }

    // ------------------------------------------------------------------ execution trace

    /**
     * Go's {@code trace.Start}: records the scheduler's events (see {@link ExecTracer})
     * until {@link #stopTrace}, which writes them to {@code file} as trace-event JSON.
     *
     * @param file where {@link #stopTrace} writes the trace
     * @throws IOException when the file cannot be created
     * @throws IllegalStateException when a trace is already being recorded, or
     *         goroutines run on the JDK's scheduler (there are no Ps to trace)
     */
    public void startTrace(Path file) throws IOException {
        if (!gmp) {
            throw new IllegalStateException("execution tracing needs the runtime's P/M scheduler, and goroutines "
                    + "run on the JDK's default scheduler: " + SchedulerChoice.whyJdk());
        }
        List<String> reasons = new ArrayList<>();
        for (WaitReason r : WaitReason.values()) {
            reasons.add(r.display());
        }
        reasons.add("yield");     // TRACE_YIELD
        reasons.add("preempted"); // TRACE_PREEMPTED
        Map<Long, String> names = new HashMap<>();
        for (G gp : allgs.snapshot()) {
            String name = gp.name();
            if (name != null) {
                names.put(gp.goid, name);
            }
        }
        ExecTracer.start(file, reasons, gomaxprocs, names);
    }

    /**
     * Go's {@code trace.Stop}: writes the trace.
     *
     * @return the trace's file, or null when none was recorded
     * @throws IOException when the file cannot be written
     */
    public Path stopTrace() throws IOException {
        return ExecTracer.stop();
    }

    /** Tracing: the calling goroutine is about to park or yield for {@code reason}. */
    void traceBlock(int reason) {
        M mp = currentM();
        if (mp != null) {
            ExecTracer.goBlock(mp.traceBuf, reason);
        }
    }

    /** Tracing: the calling thread readies {@code gp}; {@code create} for its first run. */
    void traceUnblock(G gp, boolean create) {
        TraceBuf b = null;
        int p = -1;
        M mp = currentM();
        if (mp != null) {
            b = mp.traceBuf;
            P pp = mp.p; // racy: only labels the event
            p = pp != null ? pp.id : -1;
        }
        G from = currentG();
        G cur = mp != null ? mp.curg : null; // racy: only labels the event
        long fromId = mp != null && (mp.batching && Thread.currentThread() == mp || cur != null && cur.isSystem())
                ? ExecTracer.FROM_NETPOLL : from != null ? from.goid : 0;
        ExecTracer.goUnblock(b, p, fromId, gp.goid, create, create ? gp.name() : null);
    }

    // ------------------------------------------------------------------ ready, wakep

    /**
     * Go's {@code ready}: makes {@code gp} runnable. From a goroutine (or an M) holding a
     * P it goes to that P's runnext; from any other thread, to the global queue. Called
     * by the JDK's execute callback; never blocks.
     */
    void ready(G gp) {
        runqputCurrent(gp, true);
    }

    /**
     * A G that yielded ({@code gosched}) goes to the tail of the yielding M's local queue:
     * Go's {@code goyield}. Go's {@code Gosched} uses the global queue instead; the local
     * tail gives the same round-robin among the P's goroutines without global-queue
     * traffic, and keeps two yielding goroutines on one P strictly alternating even on
     * the 61st tick, when the global queue is served first (ADR 0003). The JDK calls
     * this on the M after the yield unmounted the G. {@link JdkPollers} readies its
     * system Gs here too: from an M they go to the tail of its P's queue, from any other
     * thread (the JDK's master poller) to the global queue.
     */
    void readyYielded(G gp) {
        runqputCurrent(gp, false);
    }

    /**
     * Queues {@code gp} on the P of the M this code runs on (the carrier of the calling
     * virtual thread, or the calling M itself), at runnext when {@code next}; on the
     * global queue when the caller is not one of our Ms holding a P. Then wakep.
     */
    private void runqputCurrent(G gp, boolean next) {
        M mp = currentM();
        if (mp != null && mp.batching && Thread.currentThread() == mp) {
            mp.injectBatch.add(gp); // the poller's batch (netpollInject)
            return;
        }
        if (mp != null && mp.usePBegin()) {
            boolean put = false;
            try {
                P pp = mp.p;
                if (pp != null) {
                    pp.runq.put(gp, next, globrunq);
                    put = true;
                }
            } finally {
                mp.usePEnd();
            }
            if (put) {
                wakep();
                return;
            }
        }
        globrunq.put(gp);
        wakep();
    }

    /**
     * Go's {@code wakep}: starts a spinning M when there is an idle P and no spinning M.
     * Conservative on purpose: at most one M is woken; a spinner that finds work wakes the
     * next ({@link #resetSpinning}). Any thread; never blocks.
     */
    private void wakep() {
        if (npidle.get() == 0) {
            return;
        }
        if (nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        P pp = pidleget();
        if (pp == null) {
            if (nmspinning.decrementAndGet() < 0) {
                throw new IllegalStateException("wakep: negative nmspinning");
            }
            return;
        }
        startm(pp, true);
    }

    /**
     * Go's {@code startm}: runs {@code pp} on an idle M, or a new one. With
     * {@code spinning}, the caller has already counted the M in {@code nmspinning}.
     */
    private void startm(P pp, boolean spinning) {
        M mp = mget();
        if (mp == null) {
            if (!newm(pp, spinning)) {
                // Thread exhaustion: the P stays idle (Go dies here).
                if (spinning) {
                    nmspinning.decrementAndGet();
                }
                pidleput(pp);
            }
            return;
        }
        mp.spinning = spinning;
        mp.nextp = pp; // volatile: publishes spinning
        LockSupport.unpark(mp);
    }

    /**
     * Go's {@code newm}. The number of Ms stays bounded: a new M is made only when no M
     * is idle and a P is free for it, so Ms never outnumber the Ps by more than those
     * blocked inside a goroutine.
     */
    private boolean newm(P pp, boolean spinning) {
        int id = mcount.getAndIncrement();
        if (id >= maxMcount) {
            mcount.decrementAndGet();
            threadExhaustion();
            return false;
        }
        M mp = new M(this, id, pp, spinning);
        mp.start();
        return true;
    }

    /**
     * Go's {@code checkmcount} failing: prints Go's two lines to standard error (and
     * logs them), once per limit, and ends every running program with
     * {@link FatalError}. Go ends the process; here goroutines outside a program go on
     * with the Ms they have.
     */
    private void threadExhaustion() {
        if (exhausted) {
            return;
        }
        exhausted = true;
        String msg = "runtime: program exceeds " + maxMcount + "-thread limit\nfatal error: thread exhaustion";
        Diagnostics.print(log, Level.ERROR, msg); // Go's two lines, always on standard error
        FatalError e = new FatalError(PanicMessages.THREAD_EXHAUSTION);
        for (Program p : programs) {
            p.fatal(e);
        }
    }

    /**
     * Go's {@code debug.SetMaxThreads}: the most Ms, returns the previous limit. A limit
     * below the Ms already made stops new ones; it does not end any.
     *
     * @param n the new limit, at least 1
     * @return the previous limit
     */
    public int setMaxThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setMaxThreads(" + n + "): the thread limit must be at least 1");
        }
        int old = maxMcount;
        maxMcount = n;
        exhausted = false;
        return old;
    }

    private M mget() {
        M mp = midle.poll();
        if (mp != null) {
            nmidle.decrementAndGet();
        }
        return mp;
    }

    private void pidleput(P pp) {
        pp.status = PStatus.IDLE;
        pidle.offer(pp);
        npidle.incrementAndGet();
    }

    /** Takes an idle, live P, discarding dead ones (GOMAXPROCS shrank). */
    private P pidleget() {
        for (;;) {
            P pp = pidle.poll();
            if (pp == null) {
                return null;
            }
            npidle.decrementAndGet();
            if (isLive(pp)) {
                return pp;
            }
            pp.status = PStatus.DEAD;
        }
    }

    private boolean isLive(P pp) {
        P[] allp = procs.allp;
        return pp.id < allp.length && allp[pp.id] == pp;
    }

    private void acquireP(M mp, P pp) {
        pp.status = PStatus.RUNNING;
        pp.m = mp;
        mp.p = pp;
        if (sysmon != null) {
            sysmon.wake(); // after npidle went down: see Sysmon's Dekker note
        }
    }

    private static void releaseP(M mp) {
        P pp = mp.p;
        pp.m = null;
        mp.p = null;
    }

    // ------------------------------------------------------------------ the M loop

    /** Go's {@code mstart}: the body of every M. Never returns. */
    void mstart(M mp) {
        P pp = mp.nextp;
        mp.nextp = null;
        acquireP(mp, pp);
        for (;;) {
            schedule(mp);
        }
    }

    /** Go's {@code schedule}: one round: find a runnable G and run it. */
    private void schedule(M mp) {
        G gp = findRunnable(mp);
        if (mp.spinning) {
            resetSpinning(mp);
        }
        P pp = mp.p;
        if (!mp.inheritTime) {
            pp.schedtick++;
        }
        mp.curg = gp;
        mp.preempt = false;
        if (ExecTracer.enabled()) {
            ExecTracer.goStart(mp.traceBuf, pp.id, gp.goid);
        }
        mp.releasePForG(); // from here sysmon may hand the P off (see M.pUse)
        try {
            gp.resume();
        } catch (Throwable t) {
            // A goroutine's own panics end inside its virtual thread; this is the JDK's
            // continuation machinery failing. Keep the M alive.
            Diagnostics.report(log, Level.ERROR, "goroutines: running " + gp + " failed on " + mp.getName(), t);
        }
        if (ExecTracer.enabled()) {
            ExecTracer.goStop(mp.traceBuf, pp.id, gp.goid, gp.status() == GStatus.DEAD);
        }
        mp.curg = null;
        if (mp.reclaimP()) {
            // Go's exitsyscall without a P: sysmon handed ours to another M while the
            // G ran. findRunnable finds mp.p null and parks this M.
            mp.spinning = false;
        }
    }

    /**
     * Go's {@code handoffp}, called by sysmon: takes {@code pp} from {@code mp}, whose G
     * is blocked where the runtime cannot unmount it (native code, file I/O, a pinned
     * monitor: Go's syscall) or has held it for two time slices without a safe point (a
     * loop), and gives it to another M, so that the rest of its queue runs.
     * {@code mp} keeps running its G without a P. Returns whether it did.
     */
    boolean handoff(P pp, M mp) {
        if (nmidle.get() == 0 && mcount.get() >= maxMcount) {
            threadExhaustion(); // Go's checkmcount, at the newm this handoff would need
            return false;
        }
        if (mp.p != pp || pp.m != mp || !mp.beginRetake()) {
            return false;
        }
        pp.m = null;
        mp.p = null;
        mp.finishRetake(); // only now may mp's loop, once its G stops, see the P gone
        handoffs.increment();
        Trace.sched("handoff", mp.curg != null ? mp.curg.goid : 0, pp.id, mp.mid);
        if (ExecTracer.enabled()) {
            G running = mp.curg;
            ExecTracer.handoff(pp.id, running != null ? running.goid : 0, mp.mid);
        }
        if (!pp.runq.isEmpty() || !globrunq.isEmpty()) {
            startm(pp, false); // it has work: run it at once
            return true;
        }
        pidleput(pp);
        long w = pp.timers.wakeTime();
        if (w != 0) {
            wakeNetPoller(w);
        }
        return true;
    }

    /** Go's {@code resetspinning}. */
    private void resetSpinning(M mp) {
        mp.spinning = false;
        if (nmspinning.decrementAndGet() < 0) {
            throw new IllegalStateException("findRunnable: negative nmspinning");
        }
        wakep();
    }

    /**
     * Go's {@code findRunnable}: returns a G to run, blocking (parking the M) until there
     * is one. On return {@code mp} holds a live P and {@code mp.inheritTime} says whether
     * the G came from runnext.
     */
    private G findRunnable(M mp) {
        for (;;) {
            P pp = mp.p;
            if (pp == null) {
                stopm(mp);
                continue;
            }
            if (!isLive(pp)) {
                destroyP(mp, pp);
                continue;
            }
            mp.inheritTime = false;
            // Run the timers that are due; they may ready Gs into this P (Go: checkTimers).
            pp.timers.check(0, true, mp.timerCheck, timerBudget(pp));
            G gp;
            // Check the global runnable queue once in a while to ensure fairness.
            // Otherwise two goroutines can completely occupy the local runqueue by
            // constantly respawning each other (Go's comment, proc.go).
            if (pp.schedtick % GLOBAL_QUEUE_TICK == 0 && !globrunq.isEmpty()) {
                gp = globrunqget(pp, 1);
                if (gp != null) {
                    pp.inheritRun = 0;
                    return gp;
                }
            }
            gp = pp.runq.pollRunnext();
            if (gp != null) {
                if (!timeSliceExpired(pp)) {
                    mp.inheritTime = true;
                    return gp;
                }
                // The runnext chain has held this P for a whole time slice: queue its G
                // behind the others (see timeSliceExpired).
                pp.runq.put(gp, false, globrunq);
            }
            pp.inheritRun = 0;
            gp = pp.runq.pollRing();
            if (gp != null) {
                return gp;
            }
            if (!globrunq.isEmpty()) {
                gp = globrunqget(pp, 0);
                if (gp != null) {
                    return gp;
                }
            }
            // Poll the network without blocking before stealing (Go: "Poll network. This
            // netpoll is only an optimization before we resort to stealing").
            if (netpollUnwatched() && netpoller.poll(0, mp.netpollReady)) {
                gp = netpollInject(mp, pp, mp.netpollReady, true);
                if (gp != null) {
                    return gp;
                }
            }
            // Spinning Ms steal. Limit them to half the busy Ps, to keep CPU use in check
            // when GOMAXPROCS>>1 but the program parallelism is low (Go's comment).
            if (mp.spinning || 2 * nmspinning.get() < gomaxprocs - npidle.get()) {
                if (!mp.spinning) {
                    mp.spinning = true;
                    nmspinning.incrementAndGet();
                }
                gp = stealWork(mp, pp);
                if (gp != null) {
                    return gp;
                }
            }
            // Nothing to do: give up the P, then re-check (see "No lost wakeups").
            releaseP(mp);
            pidleput(pp);
            boolean wasSpinning = mp.spinning;
            if (wasSpinning) {
                mp.spinning = false;
                if (nmspinning.decrementAndGet() < 0) {
                    throw new IllegalStateException("findRunnable: negative nmspinning");
                }
            }
            if (!globrunq.isEmpty()) {
                P p2 = pidleget();
                if (p2 != null) {
                    acquireP(mp, p2);
                    if (wasSpinning) {
                        mp.spinning = true;
                        nmspinning.incrementAndGet();
                    }
                    continue;
                }
            }
            if (wasSpinning) {
                P p2 = checkRunqsNoP();
                if (p2 != null) {
                    acquireP(mp, p2);
                    mp.spinning = true;
                    nmspinning.incrementAndGet();
                    continue;
                }
            }
            idlem(mp);
        }
    }

    /**
     * An M with no P and nothing to run: sleeps until the earliest timer as the poller
     * (Go's {@code netpoll(delay)} in findRunnable), or, when there is no timer or
     * another M already polls, parks on the idle list ({@code stopm}). Returns holding
     * a P.
     */
    private void idlem(M mp) {
        for (;;) {
            long until = timersWakeTime();
            NetPoller np = netpoller;
            boolean io = np != null && np.hasWaiters();
            if (until == 0 && !io) {
                stopm(mp);
                return;
            }
            if (!POLLER.compareAndSet(this, null, mp)) {
                // make the poller wake by our earliest timer, or at once to poll the network
                wakePollerBy(netpollUnwatched() ? 1 : until);
                stopm(mp);
                return;
            }
            long now = pollUntilDue(mp);
            poller = null;
            if (now < 0) {
                // Another M is inside a poll (a non-blocking one, in findRunnable, holding
                // a P): it and its P serve what that poll finds. Rescanning here would
                // spin; park instead.
                stopm(mp);
                return;
            }
            if (!mp.netpollReady.isEmpty()) {
                P pp = pidleget();
                if (pp == null) {
                    PollDesc.wakeAll(mp.netpollReady); // no P: to the global queue, as Go's injectglist(nil P)
                    stopm(mp);
                    return;
                }
                acquireP(mp, pp);
                netpollInject(mp, pp, mp.netpollReady, false);
                if (timersWakeTime() != 0 || (netpoller != null && netpoller.hasWaiters())) {
                    wakep(); // hand the poller's role to another M while this one runs Gs
                }
                return;
            }
            if (now == 0) {
                continue; // woken early (an earlier timer, new I/O waiters, or spuriously): rescan
            }
            P pp = pidleget();
            if (pp == null) {
                // Every P is busy, and each of their Ms runs its own timers at its next
                // schedule (and steals others'): as in Go, an M without a P does not run
                // timers; it goes idle.
                stopm(mp);
                return;
            }
            acquireP(mp, pp);
            int budget = timerBudget(pp);
            for (P p2 : procs.allp) {
                p2.timers.check(now, p2 == pp, mp.timerCheck, budget);
            }
            if (timersWakeTime() != 0) {
                wakep(); // hand the poller's role to another M while this one runs Gs
            }
            return;
        }
    }

    /**
     * The poller's sleep: until the earliest timer of any P. Returns the clock once a
     * timer is due, 0 when woken before (by {@link #wakeNetPoller} for an earlier
     * timer, or spuriously), or -1 when it could not poll the network because another
     * M is polling it. The caller is {@link #poller}.
     */
    private long pollUntilDue(M mp) {
        pollerUntil = 0; // wakeNetPoller unparks us while we compute (a woken mark is reset too)
        // After publishing poller: a timer added meanwhile was published before its adder
        // read poller (wakeNetPoller), so either it is seen here or its adder wakes us.
        long until = timersWakeTime();
        NetPoller np = mp != null ? netpoller : null;
        boolean io = np != null && np.hasWaiters();
        if (until == 0 && !io) {
            return 0;
        }
        long delay = until == 0 ? -1 : until - Nanotime.now();
        if (delay != 0 && (until == 0 || delay > 0)
                && POLLER_UNTIL.compareAndSet(this, 0L, until == 0 ? Long.MAX_VALUE : until)) { // not woken meanwhile
            if (io) {
                if (!np.poll(delay, mp.netpollReady)) { // Go's netpoll(delay): wakeNetPoller breaks it
                    return -1; // another M polls now
                }
            } else {
                LockSupport.parkNanos(this, delay);
            }
            Thread.interrupted(); // nobody interrupts an M; never let it spin
        }
        if (until == 0) {
            return 0;
        }
        long now = Nanotime.now();
        long w = timersWakeTime();
        return w != 0 && w <= now ? now : 0;
    }

    /**
     * "jdk" mode's timer thread: with no Ms, one daemon thread runs all timers, as Go's
     * timerproc did before Go 1.14. It is the permanent poller.
     */
    private void timerproc() {
        Timers.CheckResult res = new Timers.CheckResult();
        for (;;) {
            poller = Thread.currentThread();
            long now = pollUntilDue(null);
            if (now != 0) {
                for (P p2 : procs.allp) {
                    p2.timers.check(now, false, res);
                }
            } else if (timersWakeTime() == 0) {
                LockSupport.park(this);
                Thread.interrupted();
            }
        }
    }

    /** Go's {@code checkTimersNoP}: the earliest wake time over all Ps' timers, or 0. */
    private long timersWakeTime() {
        long min = 0;
        for (P p2 : procs.allp) {
            long w = p2.timers.wakeTime();
            if (w != 0 && (min == 0 || w < min)) {
                min = w;
            }
        }
        return min;
    }

    /**
     * Wakes the poller if it would sleep past {@code when}. One wake-up is enough until
     * the poller rescans: the first waker swaps {@code pollerUntil} to
     * {@link #POLLER_WOKEN}, which every later {@code when} is past, so a burst of new
     * timers costs one unpark (Go's {@code netpollWakeSig} dedupes
     * {@code netpollBreak} the same way). The poller resets it before it rescans.
     */
    private void wakePollerBy(long when) {
        Thread pm = poller;
        if (pm != null) {
            long until = pollerUntil;
            if ((until == 0 || until > when) && POLLER_UNTIL.compareAndSet(this, until, POLLER_WOKEN)) {
                LockSupport.unpark(pm);
                NetPoller np = netpoller;
                if (np != null && np.isBlocked()) {
                    np.wakeup(); // Go's netpollBreak
                }
            }
        }
    }

    /**
     * Go's {@code wakeNetPoller}: a timer was added (or moved earlier) to fire at
     * {@code when}: wake the poller if it sleeps past it; with no poller, wake an M
     * (which, finding nothing else, becomes the poller). Any thread; never blocks.
     *
     * @param when the timer's time, a {@code Nanotime} reading
     */
    public void wakeNetPoller(long when) {
        if (poller != null) {
            wakePollerBy(when);
        } else if (gmp) {
            wakep();
        }
    }

    /**
     * The heap a new timer goes to (Go's {@code maybeAdd}: the current P's): the P of the
     * M this code runs on, else, for a thread that is not a goroutine, one P after another.
     *
     * @return the timer heap to add to
     */
    public Timers timersForAdd() {
        M mp = currentM();
        if (mp != null) {
            P pp = mp.p;
            if (pp != null) {
                return pp.timers;
            }
        }
        P[] allp = procs.allp;
        return allp[(foreignTimerAdds.getAndIncrement() & Integer.MAX_VALUE) % allp.length].timers;
    }

    /**
     * How many timers a schedule may run on its own P: up to half a local queue's worth,
     * less what is queued already, and at least one. Go runs every due timer at once;
     * its goroutines cost 2 KiB of recycled stack. Here a timer whose function starts a
     * goroutine (afterFunc) makes a virtual thread of several hundred bytes that lives
     * until it runs, and a burst of a million due timers ({@code MillionTimers}) would
     * make all of them before running any: the GC then copies them all. With the budget,
     * once the P has a backlog its timers fire at the rate its goroutines complete.
     * Timers stay in {@code when} order, and the heap is still drained at every
     * schedule, so a timer is late only by the backlog ahead of it.
     */
    private static int timerBudget(P pp) {
        return Math.max(1, RunQueue.SIZE / 2 - pp.runq.size());
    }

    /**
     * Whether the Gs this P has been taking from runnext, one after the other, have used
     * up a time slice ({@code Sysmon.FORCE_PREEMPT_NS}, Go's {@code forcePreemptNS}, 10 ms). Go lets such a chain inherit
     * the time slice (two goroutines handing a channel back and forth); sysmon then sees
     * the P's {@code schedtick} stand still for 10 ms and preempts the running G, which
     * lets the rest of the local queue run. Sysmon does that here too ({@code Sysmon}'s
     * retake: a runnext G does not advance {@code schedtick}), but its request is
     * honoured only at a safe point; so the same decision is also taken here, when the
     * chain next schedules: the runnext G goes to the tail of the local queue instead.
     * The clock is read at the chain's second G and then every 64th, so a ping-pong pays
     * a clock read per 64 switches.
     */
    private static boolean timeSliceExpired(P pp) {
        int run = ++pp.inheritRun;
        if (run == 1) {
            return false;
        }
        if (run == 2) {
            pp.sliceStart = System.nanoTime();
            return false;
        }
        if ((run & 63) != 0) {
            return false;
        }
        return System.nanoTime() - pp.sliceStart > Sysmon.FORCE_PREEMPT_NS;
    }

    /**
     * Go's {@code stealWork}: four rounds over all other non-idle Ps in a random order,
     * stealing half of a victim's queue; the last round may take runnext.
     */
    private G stealWork(M mp, P pp) {
        Procs ps = procs;
        P[] allp = ps.allp;
        StealOrder order = ps.order;
        for (int i = 0; i < STEAL_TRIES; i++) {
            boolean stealRunNext = i == STEAL_TRIES - 1;
            int r = mp.cheaprand();
            int pos = order.start(r);
            int inc = order.stride(r);
            for (int k = 0; k < order.count; k++, pos = (pos + inc) % order.count) {
                P p2 = allp[pos];
                if (p2 == pp) {
                    continue;
                }
                if (stealRunNext) {
                    // Go: "steal timers from p2" on the last round, idle Ps included:
                    // their timers fire into our P.
                    p2.timers.check(0, false, mp.timerCheck, timerBudget(pp));
                    if (mp.timerCheck.ran) {
                        G gp = pp.runq.pollRunnext();
                        if (gp == null) {
                            gp = pp.runq.pollRing();
                        }
                        if (gp != null) {
                            return gp;
                        }
                    }
                }
                PStatus st = p2.status;
                if (st == PStatus.IDLE) {
                    continue; // Go's idlepMask: an idle P has nothing to steal
                }
                G gp = pp.runq.steal(p2.runq, stealRunNext, st == PStatus.RUNNING);
                if (gp != null) {
                    steals.increment();
                    Trace.sched("steal", gp.goid, pp.id, p2.id);
                    return gp;
                }
            }
        }
        return null;
    }

    /** Go's {@code checkRunqsNoP}: an idle P to take when some P has queued work. */
    private P checkRunqsNoP() {
        for (P p2 : procs.allp) {
            if (!p2.runq.isEmpty()) {
                return pidleget();
            }
        }
        return null;
    }

    /**
     * Go's {@code globrunqget}: takes a G from the global queue and moves a fair share
     * more ({@code size/gomaxprocs + 1}, at most {@code max} when positive, at most half
     * a local queue) into {@code pp}'s local queue. Holder of {@code pp} only.
     */
    private G globrunqget(P pp, int max) {
        int size = Math.max(1, globrunq.size());
        int n = size / gomaxprocs + 1;
        n = Math.min(n, size);
        if (max > 0) {
            n = Math.min(n, max);
        }
        n = Math.min(n, RunQueue.SIZE / 2);
        G gp = globrunq.poll();
        if (gp == null) {
            return null;
        }
        for (n--; n > 0; n--) {
            G g1 = globrunq.poll();
            if (g1 == null) {
                break;
            }
            pp.runq.put(g1, false, globrunq);
        }
        return gp;
    }

    /** Go's {@code stopm}: parks the M on the idle list until {@link #startm} hands it a P. */
    private void stopm(M mp) {
        midle.offer(mp);
        nmidle.incrementAndGet();
        P pp;
        while ((pp = mp.nextp) == null) {
            LockSupport.park(this);
            Thread.interrupted(); // nobody interrupts an M; never let it spin
        }
        mp.nextp = null;
        acquireP(mp, pp);
    }

    /** The holder of a P that GOMAXPROCS removed: moves its Gs to the global queue. */
    private void destroyP(M mp, P pp) {
        pp.runq.drainTo(globrunq);
        moveTimers(pp);
        pp.status = PStatus.DEAD;
        releaseP(mp);
        if (mp.spinning) {
            mp.spinning = false;
            nmspinning.decrementAndGet();
        }
        P np = pidleget();
        if (np != null) {
            acquireP(mp, np);
        }
        wakep();
    }

    /**
     * Go's {@code timers.take} in {@code procresize}/{@code destroy}: moves a retired P's
     * timers to a live P (by id, so that several retired Ps spread), and makes sure
     * someone wakes for them.
     */
    private void moveTimers(P dead) {
        P[] allp = procs.allp;
        P to = allp[dead.id % allp.length];
        to.timers.take(dead.timers);
        long w = to.timers.wakeTime();
        if (w != 0) {
            wakeNetPoller(w);
        }
    }

    // ------------------------------------------------------------------ GOMAXPROCS

    /**
     * Go's {@code GOMAXPROCS} and {@code procresize}: sets the number of Ps when
     * {@code n >= 1} and returns the previous value. Growing adds idle Ps and wakes an M;
     * shrinking retires the highest-numbered Ps: an idle one at once, a busy one when its
     * M next schedules, which moves its queued Gs to the global queue. No G is lost.
     * There is no upper bound, as in Go since 1.10: every P is allocated (a kilobyte
     * or two each, its run queue's ring) whether or not it runs. In "jdk" mode the
     * value is recorded but has no effect.
     *
     * @param n the new number of Ps, or below 1 to only read it
     * @return the previous value
     */
    public int gomaxprocs(int n) {
        resizeLock.lock();
        try {
            int old = gomaxprocs;
            if (n < 1 || n == old) {
                return old;
            }
            P[] cur = procs.allp;
            P[] next = Arrays.copyOf(cur, n);
            for (int i = old; i < n; i++) {
                next[i] = new P(i);
            }
            procs = new Procs(next, new StealOrder(n));
            gomaxprocs = n;
            if (n > old) {
                for (int i = old; i < n; i++) {
                    pidleput(next[i]);
                }
            } else {
                List<P> keep = new ArrayList<>();
                P pp;
                while ((pp = pidle.poll()) != null) {
                    npidle.decrementAndGet();
                    if (isLive(pp)) {
                        keep.add(pp);
                    } else {
                        moveTimers(pp);
                        pp.status = PStatus.DEAD;
                    }
                }
                for (P k : keep) {
                    pidleput(k);
                }
            }
            if (gmp) {
                wakep();
            }
            return old;
        } finally {
            resizeLock.unlock();
        }
    }

    /** {@return the number of Ps, GOMAXPROCS} */
    public int gomaxprocs() {
        return gomaxprocs;
    }

    // ------------------------------------------------------------------ statistics

    /** {@return a snapshot of the scheduler, as Go's schedtrace prints it; racy by nature} */
    public SchedStats stats() {
        P[] allp = procs.allp;
        int[] local = new int[allp.length];
        int idle = 0;
        for (int i = 0; i < allp.length; i++) {
            local[i] = allp[i].runq.size();
            if (allp[i].status == PStatus.IDLE) {
                idle++;
            }
        }
        return new SchedStats(allp.length, idle, mcount.get(), nmspinning.get(), nmidle.get(),
                globrunq.size(), local, allgs.size(), steals.sum(), preemptions.sum(), handoffs.sum());
    }

}
